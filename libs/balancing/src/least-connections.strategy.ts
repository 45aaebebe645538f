import type { BalancingStrategy, Candidate, PickContext } from './balancing.types';
import { anyPrimaryAvailable, isEligible } from './priority.filter';

/**
 * Least connections, weighted as nginx's least_conn: the candidate with the smallest inFlight / weight wins (with
 * equal weights: the fewest in-flight requests). Ties go to the higher weight, then rotate round robin among the
 * remaining ties, so an idle pool does not send every request to the first instance.
 * Ratios are compared by cross-multiplication (exact for integer counts). Two passes, no allocation.
 */
export class LeastConnectionsStrategy implements BalancingStrategy {
  readonly name = 'least-connections' as const;
  private cursor = 0;

  pick(candidates: readonly Candidate[], ctx: PickContext): string | undefined {
    const primaryUp = anyPrimaryAvailable(candidates, ctx.exclude);
    let best: Candidate | undefined;
    let ties = 0;
    for (let i = 0; i < candidates.length; i++) {
      const c = candidates[i];
      if (!isEligible(c, ctx.exclude, primaryUp)) continue;
      const order = best === undefined ? -1 : compare(c, best);
      if (order < 0) {
        best = c;
        ties = 1;
      } else if (order === 0) {
        ties++;
      }
    }
    if (!best) return undefined;
    if (ties === 1) return best.id;
    const nth = this.cursor % ties;
    this.cursor = (this.cursor + 1) % 0x7fffffff;
    let seen = 0;
    for (let i = 0; i < candidates.length; i++) {
      const c = candidates[i];
      if (!isEligible(c, ctx.exclude, primaryUp) || compare(c, best) !== 0) continue;
      if (seen === nth) return c.id;
      seen++;
    }
    return best.id;
  }
}

function inFlightOf(c: Candidate): number {
  return Number.isFinite(c.inFlight) && c.inFlight > 0 ? c.inFlight : 0;
}

/** Negative when `a` is the better choice: lower load (inFlight / weight), then higher weight. */
function compare(a: Candidate, b: Candidate): number {
  const load = inFlightOf(a) * b.weight - inFlightOf(b) * a.weight;
  if (load !== 0) return load;
  return b.weight - a.weight;
}
