import type { HealthPolicy } from './health-policy';
import type { HealthState, InstanceHealth, Transition } from './instance-health.machine';
import type { WindowStats } from './latency-window';

/** Per-instance window stats of one pool. */
export interface PeerStats {
  instanceId: string;
  stats: WindowStats;
  degraded: boolean;
}

function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Which instances of a pool are outliers: p95 far above the other instances' median p95, or an error rate well
 * above theirs. Compared with peers, not with a fixed number, so a pool that is slow as a whole is not
 * degraded. Hysteresis: a degraded instance recovers only once it is back under 75% of the thresholds.
 */
export function evaluateDegradation(pool: readonly PeerStats[], policy: HealthPolicy): Map<string, { degraded: boolean; reason?: string }> {
  const result = new Map<string, { degraded: boolean; reason?: string }>();
  const judged = pool.filter((p) => p.stats.count >= policy.degradedMinSamples);
  for (const instance of pool) {
    if (instance.stats.count < policy.degradedMinSamples) {
      result.set(instance.instanceId, { degraded: instance.degraded });
      continue;
    }
    const peers = judged.filter((p) => p.instanceId !== instance.instanceId);
    if (peers.length === 0) {
      result.set(instance.instanceId, { degraded: false });
      continue;
    }
    const slack = instance.degraded ? 0.75 : 1;
    const peerP95 = median(peers.map((p) => p.stats.p95Ms).filter((v): v is number => v !== undefined));
    const peerErrors = median(peers.map((p) => p.stats.errorRate)) ?? 0;
    const p95 = instance.stats.p95Ms;
    let reason: string | undefined;
    if (p95 !== undefined && peerP95 !== undefined) {
      const ratio = Math.max(1, policy.degradedLatencyRatio * slack);
      if (p95 > ratio * peerP95 && p95 - peerP95 > policy.degradedMinGapMs * slack) {
        reason = `p95 ${Math.round(p95)} ms vs peers' ${Math.round(peerP95)} ms`;
      }
    }
    if (!reason && instance.stats.errorRate - peerErrors > policy.degradedErrorRateGap * slack) {
      reason = `error rate ${(instance.stats.errorRate * 100).toFixed(1)}% vs peers' ${(peerErrors * 100).toFixed(1)}%`;
    }
    result.set(instance.instanceId, reason ? { degraded: true, reason } : { degraded: false });
  }
  return result;
}

/**
 * Applies a degradation verdict to one instance. Only healthy <-> degraded moves here: an ejected or starting
 * instance is judged by its checks, not by its peers.
 */
export function applyDegradation(
  current: InstanceHealth,
  verdict: { degraded: boolean; reason?: string },
  at: number,
): { next: InstanceHealth; transition?: Transition } {
  const to: HealthState | undefined =
    current.state === 'healthy' && verdict.degraded ? 'degraded' : current.state === 'degraded' && !verdict.degraded ? 'healthy' : undefined;
  if (!to) return { next: current };
  const reason = to === 'degraded' ? `outlier: ${verdict.reason ?? 'worse than its peers'}` : 'recovered: back in line with its peers';
  const next: InstanceHealth = { ...current, state: to, reason };
  return { next, transition: { instanceId: current.instanceId, deploymentId: current.deploymentId, from: current.state, to, reason, at } };
}
