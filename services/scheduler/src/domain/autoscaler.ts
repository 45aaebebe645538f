/**
 * Target-tracking auto-scaling, as Kubernetes' HPA does it: each metric proposes
 * ceil(current × observed / target); the largest proposal wins; a tolerance band ignores small deviations;
 * scale-down takes the highest proposal of a stabilisation window so a brief dip does not remove replicas;
 * a cooldown follows every change. Pure: the caller passes the clock and the recommendation history.
 */
export interface ScalingTargets {
  /** In-flight requests per instance. */
  inFlightPerInstance?: number;
  /** Engine queue depth per instance (vllm:num_requests_waiting). */
  queueDepthPerInstance?: number;
  /** p95 latency in ms (scale out when above). */
  p95Ms?: number;
  cpuPercent?: number;
  gpuPercent?: number;
  memoryPercent?: number;
}

/** What was observed, averaged over the pool's ready instances. */
export type ScalingMetrics = { [K in keyof ScalingTargets]?: number };

export interface ScalingPolicy {
  minReplicas: number;
  maxReplicas: number;
  targets: ScalingTargets;
  /** Ignore proposals within ±tolerance of the current ratio (default 0.1). */
  tolerance: number;
  scaleUpStabilizationMs: number;
  scaleDownStabilizationMs: number;
  /** No change of any kind this soon after the last one. */
  cooldownMs: number;
  /** At most this many replicas added in one step (max(1, current × factor)). */
  maxScaleUpFactor: number;
}

export const DEFAULT_SCALING: Omit<ScalingPolicy, 'minReplicas' | 'maxReplicas' | 'targets'> = {
  tolerance: 0.1,
  scaleUpStabilizationMs: 0,
  scaleDownStabilizationMs: 60_000,
  cooldownMs: 30_000,
  maxScaleUpFactor: 1,
};

export interface Recommendation {
  at: number;
  replicas: number;
}

export interface ScalingDecision {
  desired: number;
  /** The raw proposal before stabilisation and limits, for the history. */
  proposal: number;
  reason: string;
}

const METRIC_LABELS: Record<keyof ScalingTargets, string> = {
  inFlightPerInstance: 'in-flight per instance',
  queueDepthPerInstance: 'queue depth per instance',
  p95Ms: 'p95 latency',
  cpuPercent: 'CPU',
  gpuPercent: 'GPU',
  memoryPercent: 'memory',
};

/** The replica count each metric asks for, and the largest of them. */
export function proposeReplicas(current: number, metrics: ScalingMetrics, policy: ScalingPolicy): { replicas: number; reason: string } {
  const base = Math.max(current, 1);
  let best: { replicas: number; reason: string } | undefined;
  for (const key of Object.keys(METRIC_LABELS) as Array<keyof ScalingTargets>) {
    const target = policy.targets[key];
    const observed = metrics[key];
    if (target === undefined || target <= 0 || observed === undefined || !Number.isFinite(observed) || observed < 0) continue;
    const ratio = observed / target;
    const replicas = Math.abs(ratio - 1) <= policy.tolerance ? current : Math.ceil(base * ratio);
    const reason = `${METRIC_LABELS[key]} ${round(observed)} vs target ${round(target)}`;
    if (!best || replicas > best.replicas) best = { replicas, reason };
  }
  return best ?? { replicas: current, reason: 'no metric with a target' };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

export function decideScale(input: {
  now: number;
  current: number;
  metrics: ScalingMetrics;
  policy: ScalingPolicy;
  history: readonly Recommendation[];
  lastScaleAt?: number;
}): ScalingDecision {
  const { now, current, policy } = input;
  const clamp = (n: number) => Math.min(policy.maxReplicas, Math.max(policy.minReplicas, n));
  // Outside the limits (e.g. min/max just edited): move inside at once, whatever the metrics.
  if (current < policy.minReplicas || current > policy.maxReplicas) {
    const desired = clamp(current);
    return { desired, proposal: desired, reason: `replicas ${current} outside min ${policy.minReplicas} / max ${policy.maxReplicas}` };
  }
  const proposed = proposeReplicas(current, input.metrics, policy);
  const proposal = clamp(proposed.replicas);
  if (input.lastScaleAt !== undefined && now - input.lastScaleAt < policy.cooldownMs) {
    return { desired: current, proposal, reason: `cooldown: last change ${Math.round((now - input.lastScaleAt) / 1000)} s ago` };
  }
  const window = (ms: number) => [...input.history.filter((r) => now - r.at <= ms).map((r) => r.replicas), proposal];
  if (proposal > current) {
    // Scale up to the lowest recommendation of the up-window (0 ms: act now), limited per step.
    const stabilized = Math.min(...window(policy.scaleUpStabilizationMs));
    const limit = current + Math.max(1, Math.floor(current * policy.maxScaleUpFactor));
    const desired = Math.max(current, Math.min(stabilized, limit));
    return { desired, proposal, reason: desired > current ? `scale up: ${proposed.reason}` : 'scale up held by stabilisation window' };
  }
  if (proposal < current) {
    // Scale down only to the highest recommendation of the down-window.
    const desired = Math.min(current, Math.max(...window(policy.scaleDownStabilizationMs)));
    return { desired, proposal, reason: desired < current ? `scale down: ${proposed.reason}` : 'scale down held by stabilisation window' };
  }
  return { desired: current, proposal, reason: `steady: ${proposed.reason}` };
}

/** Keeps only the recommendations a later decision can still need. */
export function pruneHistory(history: readonly Recommendation[], now: number, policy: ScalingPolicy): Recommendation[] {
  const keep = Math.max(policy.scaleDownStabilizationMs, policy.scaleUpStabilizationMs);
  return history.filter((r) => now - r.at <= keep);
}
