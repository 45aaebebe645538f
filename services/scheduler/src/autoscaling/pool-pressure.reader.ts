import type { HealthStore, PoolStore } from '@switchyard/pool-state';
import { readEngineMetrics } from '../drivers/engine-metrics.reader';

/** A deployment's load, averaged over its active members. */
export interface PoolPressure {
  members: number;
  /** Members whose /metrics answered. */
  reporting: number;
  queueDepthPerInstance?: number;
  inFlightPerInstance?: number;
  /** Mean of the members' p95 latency as the health monitor measures it. */
  p95Ms?: number;
}

/** Reads each active member's engine metrics (vllm:num_requests_waiting / running) and health p95. */
export class PoolPressureReader {
  constructor(private readonly pools: PoolStore, private readonly health: HealthStore, private readonly timeoutMs = 1_000) {}

  async read(deploymentId: string): Promise<PoolPressure> {
    const pool = await this.pools.get(deploymentId);
    const members = (pool?.members ?? []).filter((m) => m.state === 'active');
    if (members.length === 0) return { members: 0, reporting: 0 };
    const metrics = (await Promise.all(members.map((m) => readEngineMetrics(m.url, this.timeoutMs)))).filter((m) => m !== undefined);
    const health = await this.health.forDeployment(deploymentId).catch(() => []);
    const p95s = health.filter((h) => members.some((m) => m.instanceId === h.instanceId) && typeof h.p95Ms === 'number').map((h) => h.p95Ms as number);
    const sum = (f: (m: (typeof metrics)[number]) => number) => metrics.reduce((a, m) => a + f(m), 0);
    return {
      members: members.length,
      reporting: metrics.length,
      ...(metrics.length ? { queueDepthPerInstance: sum((m) => m.waiting) / metrics.length, inFlightPerInstance: sum((m) => m.running + m.waiting) / metrics.length } : {}),
      ...(p95s.length ? { p95Ms: p95s.reduce((a, b) => a + b, 0) / p95s.length } : {}),
    };
  }
}
