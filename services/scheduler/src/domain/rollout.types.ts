export type RolloutStrategyName = 'rolling' | 'blue-green' | 'canary';

export interface RollingParams {
  /** Extra instances allowed above the replica count while replacing (default 1). */
  maxSurge: number;
  /** Instances allowed below the replica count while replacing (default 0). */
  maxUnavailable: number;
  /** A new instance not healthy within this time fails the rollout. */
  readyTimeoutMs: number;
}

export interface BlueGreenParams {
  readyTimeoutMs: number;
  /** The old set is kept running this long after the switch, for a quick rollback. */
  rollbackWindowMs: number;
}

export interface CanaryParams {
  /** Traffic percentages, ascending, ending at 100 (e.g. 5, 25, 50, 100). */
  steps: number[];
  /** Time each step is watched before the next. */
  bakeMs: number;
  /** Regression: canary error rate above the baseline's by more than this (absolute, 0..1). */
  maxErrorRateIncrease: number;
  /** Regression: canary p95 above the baseline's times this. */
  maxP95Ratio: number;
  /** Requests the canary must have served in a step before it is judged. */
  minRequests: number;
  readyTimeoutMs: number;
}

export interface RolloutParams {
  rolling: RollingParams;
  blueGreen: BlueGreenParams;
  canary: CanaryParams;
}

export const DEFAULT_ROLLOUT_PARAMS: RolloutParams = {
  rolling: { maxSurge: 1, maxUnavailable: 0, readyTimeoutMs: 120_000 },
  blueGreen: { readyTimeoutMs: 120_000, rollbackWindowMs: 300_000 },
  canary: { steps: [5, 25, 50, 100], bakeMs: 60_000, maxErrorRateIncrease: 0.05, maxP95Ratio: 1.5, minRequests: 20, readyTimeoutMs: 120_000 },
};

export type RolloutStatus = 'running' | 'paused' | 'rolling-back' | 'completed' | 'rolled-back';

/** Persisted (scheduler schema) so a restarted scheduler resumes where it was. */
export interface RolloutState {
  id: string;
  deploymentId: string;
  strategy: RolloutStrategyName;
  fromRevision: number;
  toRevision: number;
  /** The deployment's replica count during the rollout. */
  replicas: number;
  status: RolloutStatus;
  /** Strategy-specific phase: provision, switch, standby, bake… */
  phase: string;
  /** Canary: index into steps. */
  stepIndex: number;
  phaseStartedAt: number;
  params: RolloutParams;
  /** Why it rolled back (or was paused). */
  reason?: string;
}

export type InstanceHealthView = 'starting' | 'healthy' | 'degraded' | 'ejected' | 'failed';

/** An instance of the deployment as the scheduler sees it now. */
export interface RolloutInstance {
  instanceId: string;
  revision: number;
  health: InstanceHealthView;
  /** In the pool, taking new requests. */
  active: boolean;
  startedAt: number;
}

export interface TrafficMetrics {
  count: number;
  errorRate: number;
  p95Ms?: number;
}

export interface RolloutObservation {
  now: number;
  instances: readonly RolloutInstance[];
  /** Canary only: the new revision's and the old revision's traffic during the current step. */
  canary?: TrafficMetrics;
  baseline?: TrafficMetrics;
}

export type RolloutAction =
  | { kind: 'start'; revision: number; count: number }
  | { kind: 'activate'; instanceIds: string[] }
  /** Out of the pool but kept running (blue-green standby). */
  | { kind: 'deactivate'; instanceIds: string[] }
  /** Out of the pool, drained, stopped. */
  | { kind: 'stop'; instanceIds: string[] }
  /** Share of new requests per revision; null = by instance weight only. */
  | { kind: 'split'; split: Record<string, number> | null }
  | { kind: 'event'; type: 'RolloutProgressed' | 'RolloutCompleted' | 'RolloutRolledBack'; detail: string };

export interface RolloutDecision {
  state: RolloutState;
  actions: RolloutAction[];
}

/** One strategy per file; each decides the next actions from the state and what is observed. */
export interface RolloutStrategy {
  readonly name: RolloutStrategyName;
  decide(state: RolloutState, observation: RolloutObservation): RolloutDecision;
}
