import type { UpstreamOutcomeSignal } from '@switchyard/contracts';
import type { TrafficMetrics } from '../domain/rollout.types';

const MAX_PER_INSTANCE = 5_000;
const KEEP_MS = 15 * 60_000;

/**
 * Recent upstream outcomes per instance, as the gateways report them (UpstreamOutcome signals): the canary and
 * baseline metrics of a rollout step. Bounded in memory per instance and in age.
 */
export class TrafficWindow {
  private readonly outcomes = new Map<string, Array<{ at: number; ok: boolean; latencyMs: number }>>();

  record(signal: UpstreamOutcomeSignal): void {
    if (typeof signal?.instanceId !== 'string' || !Number.isFinite(signal.latencyMs) || !Number.isFinite(signal.at)) return;
    let list = this.outcomes.get(signal.instanceId);
    if (!list) {
      if (this.outcomes.size > 10_000) this.prune(Date.now());
      list = [];
      this.outcomes.set(signal.instanceId, list);
    }
    list.push({ at: signal.at, ok: signal.ok === true, latencyMs: Math.max(0, signal.latencyMs) });
    if (list.length > MAX_PER_INSTANCE) list.splice(0, list.length - MAX_PER_INSTANCE);
  }

  /** Count, error rate and p95 of the instances' outcomes since `since` (epoch ms); undefined without any. */
  metrics(instanceIds: readonly string[], since: number): TrafficMetrics | undefined {
    const sample = instanceIds.flatMap((id) => (this.outcomes.get(id) ?? []).filter((o) => o.at >= since));
    if (sample.length === 0) return undefined;
    const latencies = sample.map((o) => o.latencyMs).sort((a, b) => a - b);
    const errors = sample.filter((o) => !o.ok).length;
    return { count: sample.length, errorRate: errors / sample.length, p95Ms: latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * 0.95))] };
  }

  prune(now: number): void {
    for (const [id, list] of this.outcomes) {
      const kept = list.filter((o) => now - o.at <= KEEP_MS);
      if (kept.length) this.outcomes.set(id, kept);
      else this.outcomes.delete(id);
    }
  }
}
