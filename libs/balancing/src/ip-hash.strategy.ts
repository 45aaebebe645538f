import type { BalancingStrategy, Candidate, PickContext } from './balancing.types';
import { anyPrimaryAvailable, isEligible } from './priority.filter';
import { MemberHashCache } from './member-hash.cache';
import { combineHashes, hashString } from './string-hash';
import { RoundRobinStrategy } from './round-robin.strategy';

const TWO_POW_32 = 4294967296;

/**
 * Client-IP affinity by weighted rendezvous hashing (highest random weight): every eligible instance gets a score
 * from hash(ip, instance) and its weight, the best score wins. The same IP lands on the same instance for as long as
 * that instance is eligible; when one goes away (or is excluded on a retry) only its own clients move, and the
 * spread follows the weights. Every gateway replica with the same seed makes the same choice.
 * Requests without a client IP fall back to round robin. One pass, no allocation once instance ids are cached.
 */
export class IpHashStrategy implements BalancingStrategy {
  readonly name = 'ip-hash' as const;
  private readonly members: MemberHashCache;
  private readonly fallback = new RoundRobinStrategy();

  constructor(private readonly seed = 0) {
    this.members = new MemberHashCache(seed);
  }

  pick(candidates: readonly Candidate[], ctx: PickContext): string | undefined {
    if (!ctx.clientIp) return this.fallback.pick(candidates, ctx);
    return rendezvousPick(candidates, ctx.exclude, hashString(ctx.clientIp, this.seed), this.members);
  }
}

/** Weighted rendezvous hashing: the eligible candidate with the highest weight / -ln(u), u uniform from the hash. */
export function rendezvousPick(
  candidates: readonly Candidate[],
  exclude: ReadonlySet<string> | undefined,
  keyHash: number,
  members: MemberHashCache,
): string | undefined {
  const primaryUp = anyPrimaryAvailable(candidates, exclude);
  let best: string | undefined;
  let bestScore = -Infinity;
  for (let i = 0; i < candidates.length; i++) {
    const c = candidates[i];
    if (!isEligible(c, exclude, primaryUp)) continue;
    const u = (combineHashes(keyHash, members.get(c.id)) + 0.5) / TWO_POW_32; // in (0, 1)
    const score = c.weight / -Math.log(u);
    if (score > bestScore || (score === bestScore && best !== undefined && c.id < best)) {
      bestScore = score;
      best = c.id;
    }
  }
  return best;
}
