import type { BalancingStrategy, Candidate, PickContext } from './balancing.types';
import { anyPrimaryAvailable, isEligible } from './priority.filter';

/**
 * nginx's smooth weighted round robin: on every pick each eligible candidate's current weight grows by its weight,
 * the largest current weight wins and is lowered by the total. Weights 5/1/1 give `a a b a c a a`; over any window
 * of sum(weights) picks the shares are exact, and heavy candidates are interleaved rather than bunched.
 * Candidates excluded for this request (retries) sit the round out, as nginx skips tried peers.
 * State: one current weight per instance id (a Map, pruned when instances go away). No allocation per pick once the
 * ids are known.
 */
export class WeightedRoundRobinStrategy implements BalancingStrategy {
  readonly name = 'weighted-round-robin' as const;
  private readonly current = new Map<string, number>();

  pick(candidates: readonly Candidate[], ctx: PickContext): string | undefined {
    const primaryUp = anyPrimaryAvailable(candidates, ctx.exclude);
    let total = 0;
    let best: Candidate | undefined;
    let bestWeight = -Infinity;
    for (let i = 0; i < candidates.length; i++) {
      const c = candidates[i];
      if (!isEligible(c, ctx.exclude, primaryUp)) continue;
      const cw = (this.current.get(c.id) ?? 0) + c.weight;
      this.current.set(c.id, cw);
      total += c.weight;
      if (cw > bestWeight) {
        bestWeight = cw;
        best = c;
      }
    }
    if (!best) return undefined;
    this.current.set(best.id, bestWeight - total);
    if (this.current.size > 2 * candidates.length + 16) this.prune(candidates);
    return best.id;
  }

  /** Forgets instances that are no longer candidates (the map would otherwise grow with instance churn). */
  private prune(candidates: readonly Candidate[]): void {
    const live = new Set(candidates.map((c) => c.id));
    for (const id of this.current.keys()) if (!live.has(id)) this.current.delete(id);
  }
}
