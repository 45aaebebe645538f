/** How an instance is judged. Defaults follow the product rule: 3 failures eject, 2 successes re-admit. */
export interface HealthPolicy {
  intervalMs: number;
  /** Consecutive failed checks that eject an instance. */
  failureThreshold: number;
  /** Consecutive good checks that re-admit it. */
  successThreshold: number;
  /** Minimum time out of the pool after the first ejection; doubles with each repeated ejection. */
  baseEjectionMs: number;
  maxEjectionMs: number;
  /** A healthy streak this long forgets one past ejection (the back-off decays). */
  ejectionDecayMs: number;
  /** Never more than this share of a pool is ejected at once (at least one instance may always be). */
  maxEjectionShare: number;
  /** Degraded when p95 exceeds `degradedLatencyRatio` × the peers' median p95 (and by at least `degradedMinGapMs`). */
  degradedLatencyRatio: number;
  degradedMinGapMs: number;
  /** Degraded when the error rate exceeds the peers' by this much (absolute, 0..1). */
  degradedErrorRateGap: number;
  /** Samples needed before an instance can be judged degraded. */
  degradedMinSamples: number;
  /** Weight multiplier the gateway applies to a degraded instance. */
  degradedWeightFactor: number;
  /** Sliding window for latency percentiles and error rate. */
  windowMs: number;
  /** Skip an active probe when passive traffic proved the instance alive within the interval. */
  skipProbeWhenPassiveOk: boolean;
}

export const DEFAULT_POLICY: HealthPolicy = {
  intervalMs: 5_000,
  failureThreshold: 3,
  successThreshold: 2,
  baseEjectionMs: 5_000,
  maxEjectionMs: 300_000,
  ejectionDecayMs: 300_000,
  maxEjectionShare: 0.5,
  degradedLatencyRatio: 3,
  degradedMinGapMs: 50,
  degradedErrorRateGap: 0.2,
  degradedMinSamples: 10,
  degradedWeightFactor: 0.1,
  windowMs: 60_000,
  skipProbeWhenPassiveOk: true,
};

/** A deployment's health-check settings (seconds, as users enter them) turned into a policy. */
export function policyFromHealthCheck(
  check: { intervalSeconds?: number; timeoutSeconds?: number; failureThreshold?: number; successThreshold?: number },
  overrides: Partial<HealthPolicy> = {},
): HealthPolicy {
  const intervalMs = Math.max(100, Math.round((check.intervalSeconds ?? DEFAULT_POLICY.intervalMs / 1000) * 1000));
  return {
    ...DEFAULT_POLICY,
    intervalMs,
    baseEjectionMs: intervalMs,
    failureThreshold: Math.max(1, check.failureThreshold ?? DEFAULT_POLICY.failureThreshold),
    successThreshold: Math.max(1, check.successThreshold ?? DEFAULT_POLICY.successThreshold),
    ...overrides,
  };
}
