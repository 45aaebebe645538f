import type { BalancingStrategy, Candidate, PickContext } from './balancing.types';
import { anyPrimaryAvailable, countEligible, nthEligible } from './priority.filter';

/**
 * Plain round robin over the eligible candidates, ignoring weights and load. The cursor advances on every pick, so
 * when the eligible set shrinks (exclusions on retries) the rotation continues over what is left.
 * Cost: two passes over the candidates, no allocation.
 */
export class RoundRobinStrategy implements BalancingStrategy {
  readonly name = 'round-robin' as const;
  private cursor = 0;

  pick(candidates: readonly Candidate[], ctx: PickContext): string | undefined {
    const primaryUp = anyPrimaryAvailable(candidates, ctx.exclude);
    const n = countEligible(candidates, ctx.exclude, primaryUp);
    if (n === 0) return undefined;
    const nth = this.cursor % n;
    this.cursor = (this.cursor + 1) % 0x7fffffff;
    return nthEligible(candidates, ctx.exclude, primaryUp, nth)?.id;
  }
}
