/** One instance as the scheduler placed it in a deployment's pool. */
export interface PoolMemberRecord {
  instanceId: string;
  url: string;
  weight: number;
  priority: 'primary' | 'backup';
  /** Spec revision (model version) this instance runs; rollouts mix revisions. */
  revision: number;
  /** 'active' takes new requests; 'draining' finishes in-flight ones and takes none. */
  state: 'active' | 'draining';
}

export type PoolStatus = 'running' | 'stopped' | 'deleted';

/** A deployment's pool: who serves it and how traffic is split between revisions. */
export interface PoolRecord {
  deploymentId: string;
  workspaceId: string;
  /** Monotonic; readers ignore a record older than the one they hold. */
  version: number;
  status: PoolStatus;
  members: PoolMemberRecord[];
  /** Share of new requests per revision (0..1, sum 1) during a canary; absent = by member weight only. */
  trafficSplit?: Record<string, number>;
  /** The route-level overflow share the scheduler sets under pressure (0..1). */
  overflowShare?: number;
  updatedAt: string;
}

export type InstanceState = 'starting' | 'healthy' | 'degraded' | 'ejected' | 'draining' | 'stopped';

/** Instance health as the health monitor sees it. */
export interface InstanceHealthRecord {
  instanceId: string;
  deploymentId: string;
  state: InstanceState;
  consecutiveFailures: number;
  consecutiveSuccesses: number;
  lastHeartbeat?: string;
  lastCheck?: string;
  p50Ms?: number;
  p95Ms?: number;
  p99Ms?: number;
  errorRate?: number;
  ejections: number;
  ejectedUntil?: string;
  reason?: string;
  updatedAt: string;
}
