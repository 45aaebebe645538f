import type { BalancingStrategy, Candidate, PickContext } from './balancing.types';
import { anyPrimaryAvailable, isEligible } from './priority.filter';

/**
 * Active/passive failover: all traffic goes to the first eligible candidate in the order given (the pool's member
 * order, which the caller keeps stable), primaries before backups. The next one takes over only while the ones
 * before it are out (drained, gone, or already tried for this request). Weights and load are ignored on purpose:
 * a degraded but serving primary keeps its traffic rather than flapping.
 */
export class FailoverPriorityStrategy implements BalancingStrategy {
  readonly name = 'failover-priority' as const;

  pick(candidates: readonly Candidate[], ctx: PickContext): string | undefined {
    const primaryUp = anyPrimaryAvailable(candidates, ctx.exclude);
    for (let i = 0; i < candidates.length; i++) {
      if (isEligible(candidates[i], ctx.exclude, primaryUp)) return candidates[i].id;
    }
    return undefined;
  }
}
