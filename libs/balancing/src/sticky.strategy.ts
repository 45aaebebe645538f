import type { BalancingStrategy, Candidate, PickContext } from './balancing.types';
import { anyPrimaryAvailable, isUsable } from './priority.filter';
import { HashRing } from './hash-ring';
import { RoundRobinStrategy } from './round-robin.strategy';

type Tier = 'primary' | 'backup';

interface CachedRing {
  ring: HashRing;
  ids: ReadonlySet<string>;
}

/**
 * Sticky sessions: the session key (a session header or the request's `user` field, else the client IP) is placed on
 * a consistent-hash ring of the active tier's instances (primaries, or backups while every primary is out). The same
 * key keeps its instance while the pool changes around it; adding an instance moves about 1/N of the sessions.
 * Excluded instances (retries) are skipped clockwise, so the retry target is stable too. Weights are deliberately
 * not on the ring: a degraded instance's reduced weight would otherwise reshuffle sessions.
 * The ring is rebuilt only when the tier's membership changes; a pick is a membership check and a binary search.
 * Requests without any key fall back to round robin.
 */
export class StickyStrategy implements BalancingStrategy {
  readonly name = 'sticky' as const;
  private readonly rings: Record<Tier, CachedRing | undefined> = { primary: undefined, backup: undefined };
  private readonly fallback = new RoundRobinStrategy();

  constructor(
    private readonly seed = 0,
    private readonly vnodes = 160,
  ) {}

  pick(candidates: readonly Candidate[], ctx: PickContext): string | undefined {
    const key = ctx.sessionKey || ctx.clientIp;
    if (!key) return this.fallback.pick(candidates, ctx);
    const tier: Tier = anyPrimaryAvailable(candidates, ctx.exclude) ? 'primary' : 'backup';
    return this.ringFor(tier, candidates).lookup(key, ctx.exclude);
  }

  private ringFor(tier: Tier, candidates: readonly Candidate[]): HashRing {
    const cached = this.rings[tier];
    if (cached && sameMembers(cached.ids, tier, candidates)) return cached.ring;
    const ids = new Set<string>();
    for (const c of candidates) if (inTier(c, tier)) ids.add(c.id);
    const ring = new HashRing([...ids].sort(), this.vnodes, this.seed);
    this.rings[tier] = { ring, ids };
    return ring;
  }
}

function inTier(c: Candidate, tier: Tier): boolean {
  return isUsable(c) && (c.priority === 'backup') === (tier === 'backup');
}

function sameMembers(ids: ReadonlySet<string>, tier: Tier, candidates: readonly Candidate[]): boolean {
  let n = 0;
  for (let i = 0; i < candidates.length; i++) {
    const c = candidates[i];
    if (!inTier(c, tier)) continue;
    if (!ids.has(c.id)) return false;
    n++;
  }
  // Duplicated ids in the input count more than once; a mismatch only costs a rebuild.
  return n === ids.size;
}
