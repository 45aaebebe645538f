// Instances of a deployment that may take a new request (pool members filtered by health, degraded ones with a
// reduced weight), and the pick by the deployment's balancing strategy. Reads the mirror only: no I/O.
import { createStrategy, pickWeighted, type BalancingStrategy, type Candidate, type PickContext, type StrategyName } from '@switchyard/balancing';
import type { DeploymentSnapshot, InstanceHealthState } from '@switchyard/contracts';
import type { PoolMemberRecord } from '@switchyard/pool-state';
import type { RegistryMirror } from '../mirror/registry.mirror';
import type { InFlightTracker } from './in-flight.tracker';

export type DeploymentAvailability = 'ok' | 'stopped' | 'no-healthy' | 'unknown';

export interface InstanceMember {
  instanceId: string;
  url: string;
  revision: number;
}

interface PoolView {
  strategy: BalancingStrategy;
  strategyKey: string;
  members: Map<string, InstanceMember>;
  candidates: Candidate[];
  /** revision -> share, when a canary splits traffic. */
  split: Array<{ revision: number; weight: number }> | undefined;
  revisionOf: Map<string, number>;
  /** Epoch ms when a local suspicion in this view expires (rebuild then). */
  expiresAt: number;
}

export interface BalancerOptions {
  /** Weight multiplier of degraded instances (0..1). */
  degradedWeightFactor: number;
  /** Same seed on every replica: ip-hash and sticky choose alike everywhere. */
  hashSeed?: number;
  random?: () => number;
}

/**
 * Health states that take new requests. A fresh instance (no record yet, or `starting` until the monitor has seen
 * its success threshold) is taken optimistically, as Envoy does with new hosts: the scheduler only puts an
 * instance in the pool once it answers, and a failing one is ejected by the monitor within its threshold.
 * Rollouts gate on `healthy` in the scheduler, not here.
 */
export function healthWeightFactor(state: InstanceHealthState | undefined, degradedFactor: number): number {
  if (state === undefined || state === 'healthy' || state === 'starting') return 1;
  if (state === 'degraded') return degradedFactor;
  return 0;
}

export function strategyNameFor(d: DeploymentSnapshot | undefined): StrategyName {
  const lb = d?.loadBalancer;
  if (!lb) return 'round-robin';
  if (lb.stickySessions || lb.strategy === 'sticky') return 'sticky';
  if (lb.strategy === 'failover') return 'failover-priority';
  return lb.strategy;
}

export class DeploymentBalancer {
  private readonly views = new Map<string, PoolView>();
  /** instanceId -> epoch ms: refused connections seen here, until the health monitor decides. */
  private readonly suspects = new Map<string, number>();
  private readonly random: () => number;

  constructor(
    private readonly mirror: RegistryMirror,
    private readonly inFlight: InFlightTracker,
    private readonly opts: BalancerOptions,
  ) {
    this.random = opts.random ?? Math.random;
  }

  /** Forget the cached view (pool, health or configuration changed). Cheap; rebuilt on the next request. */
  invalidate(deploymentId: string): void {
    this.views.delete(deploymentId);
  }

  /**
   * Local outlier detection: an instance that refused a connection takes no new request from this gateway for
   * `ms` (unless every instance is suspected), so retries stop piling onto it before the health monitor ejects it.
   */
  suspect(deploymentId: string, instanceId: string, ms: number, now = Date.now()): void {
    this.suspects.set(instanceId, now + ms);
    this.invalidate(deploymentId);
  }

  availability(deploymentId: string): DeploymentAvailability {
    const d = this.mirror.deployment(deploymentId);
    const pool = this.mirror.pool(deploymentId);
    if (!d && !pool) return 'unknown';
    if (d && (d.status === 'stopped' || d.status === 'stopping' || d.status === 'deleting')) return 'stopped';
    if (pool && pool.status !== 'running') return 'stopped';
    const view = this.view(deploymentId);
    for (const c of view.candidates) if (c.weight > 0) return 'ok';
    return 'no-healthy';
  }

  /** The instance for the next attempt, or undefined when every eligible one is excluded or out. */
  pick(deploymentId: string, ctx: PickContext): InstanceMember | undefined {
    const view = this.view(deploymentId);
    if (view.candidates.length === 0) return undefined;
    let candidates = view.candidates;
    if (view.strategy.name === 'least-connections') for (const c of candidates) c.inFlight = this.inFlight.get(c.id);
    if (view.split) {
      const exclude = ctx.exclude;
      const open = view.split.filter((s) =>
        candidates.some((c) => c.weight > 0 && view.revisionOf.get(c.id) === s.revision && !(exclude && exclude.has(c.id))),
      );
      const chosen = pickWeighted(open, this.random());
      if (chosen) candidates = candidates.filter((c) => view.revisionOf.get(c.id) === chosen.revision);
    }
    const id = view.strategy.pick(candidates, ctx);
    return id === undefined ? undefined : view.members.get(id);
  }

  private view(deploymentId: string): PoolView {
    const d = this.mirror.deployment(deploymentId);
    const name = strategyNameFor(d);
    const strategyKey = `${name}`;
    const held = this.views.get(deploymentId);
    if (held && held.strategyKey === strategyKey && held.expiresAt > Date.now()) return held;
    const view = this.build(deploymentId, d, name, strategyKey, held);
    this.views.set(deploymentId, view);
    return view;
  }

  private build(deploymentId: string, d: DeploymentSnapshot | undefined, name: StrategyName, strategyKey: string, held: PoolView | undefined): PoolView {
    const pool = this.mirror.pool(deploymentId);
    const members: PoolMemberRecord[] = pool
      ? pool.members
      : (d?.endpoints ?? [])
          .filter((e) => e.enabled)
          .map((e) => ({ instanceId: e.id, url: e.url, weight: e.weight, priority: e.priority, revision: d?.specRevision ?? 0, state: 'active' as const }));
    const view: PoolView = {
      strategy: held && held.strategyKey === strategyKey ? held.strategy : createStrategy(name, { hashSeed: this.opts.hashSeed ?? 0 }),
      strategyKey,
      members: new Map(),
      candidates: [],
      split: undefined,
      revisionOf: new Map(),
      expiresAt: Number.POSITIVE_INFINITY,
    };
    // Keep the strategy's cursor across pool changes when the strategy did not change.
    if (held && held.strategy.name === name) view.strategy = held.strategy;
    const now = Date.now();
    const suspected: Candidate[] = [];
    for (const m of members) {
      if (m.state !== 'active') continue;
      const factor = healthWeightFactor(this.mirror.healthOf(m.instanceId), this.opts.degradedWeightFactor);
      view.members.set(m.instanceId, { instanceId: m.instanceId, url: m.url, revision: m.revision });
      view.revisionOf.set(m.instanceId, m.revision);
      const candidate: Candidate = { id: m.instanceId, weight: factor > 0 ? Math.max(m.weight, 0) * factor : 0, priority: m.priority, inFlight: 0 };
      view.candidates.push(candidate);
      const until = this.suspects.get(m.instanceId);
      if (until !== undefined && until > now && candidate.weight > 0) {
        suspected.push(candidate);
        view.expiresAt = Math.min(view.expiresAt, until);
      } else if (until !== undefined && until <= now) {
        this.suspects.delete(m.instanceId);
      }
    }
    // Suspicion never empties a pool: with every usable instance suspected, all stay eligible.
    const usable = view.candidates.filter((c) => c.weight > 0).length;
    if (suspected.length < usable) for (const c of suspected) c.weight = 0;
    if (pool?.trafficSplit) {
      const split = Object.entries(pool.trafficSplit)
        .map(([revision, share]) => ({ revision: Number(revision), weight: share }))
        .filter((s) => Number.isFinite(s.revision) && s.weight > 0);
      if (split.length > 1) view.split = split;
    }
    return view;
  }
}
