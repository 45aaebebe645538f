import type { InstanceHealthRecord } from '@switchyard/pool-state';
import { newInstanceHealth, type HealthState, type InstanceHealth } from '../domain/instance-health.machine';
import type { WindowStats } from '../domain/latency-window';

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());
const ms = (value: string | undefined) => {
  if (value === undefined) return undefined;
  const n = Date.parse(value);
  return Number.isFinite(n) ? n : undefined;
};
const round = (v: number | undefined, digits = 1) => (v === undefined ? undefined : Math.round(v * 10 ** digits) / 10 ** digits);

/** The record other services read from Redis. */
export function toHealthRecord(health: InstanceHealth, stats: WindowStats | undefined, now: number): InstanceHealthRecord {
  return {
    instanceId: health.instanceId,
    deploymentId: health.deploymentId,
    state: health.state,
    consecutiveFailures: health.consecutiveFailures,
    consecutiveSuccesses: health.consecutiveSuccesses,
    lastHeartbeat: iso(health.lastHeartbeat),
    lastCheck: iso(health.lastCheck),
    p50Ms: round(stats?.p50Ms),
    p95Ms: round(stats?.p95Ms),
    p99Ms: round(stats?.p99Ms),
    errorRate: stats && stats.count > 0 ? round(stats.errorRate, 4) : undefined,
    ejections: health.ejections,
    ejectedUntil: iso(health.ejectedUntil),
    reason: health.reason,
    updatedAt: new Date(now).toISOString(),
  };
}

const KNOWN: readonly HealthState[] = ['starting', 'healthy', 'degraded', 'ejected'];

/** Rebuilds what a replica needs to carry on with an instance another replica watched before. */
export function fromHealthRecord(record: InstanceHealthRecord | undefined, instanceId: string, deploymentId: string): InstanceHealth {
  const fresh = newInstanceHealth(instanceId, deploymentId);
  if (!record || record.deploymentId !== deploymentId) return fresh;
  const state = (KNOWN as readonly string[]).includes(record.state) ? (record.state as HealthState) : 'starting';
  const lastCheck = ms(record.lastCheck);
  return {
    ...fresh,
    state,
    consecutiveFailures: Number.isSafeInteger(record.consecutiveFailures) ? Math.max(0, record.consecutiveFailures) : 0,
    consecutiveSuccesses: Number.isSafeInteger(record.consecutiveSuccesses) ? Math.max(0, record.consecutiveSuccesses) : 0,
    ejections: Number.isSafeInteger(record.ejections) ? Math.max(0, record.ejections) : 0,
    ejectedUntil: state === 'ejected' ? ms(record.ejectedUntil) : undefined,
    lastHeartbeat: ms(record.lastHeartbeat),
    lastCheck,
    lastProbe: lastCheck,
    healthySince: state === 'healthy' || state === 'degraded' ? ms(record.updatedAt) : undefined,
    reason: record.reason,
  };
}
