import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { env } from '@switchyard/config';
import { DEFAULT_POLICY, type HealthPolicy } from '../domain/health-policy';

const ratio = (fallback: number, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce.number({ invalid_type_error: 'must be a number' }).min(0, 'must be >= 0').max(max, `must be <= ${max}`).default(fallback);

/** The health monitor's environment, validated once at start. Probe settings are defaults: a deployment's own health check wins. */
export const healthMonitorConfigSchema = z
  .object({
    ...env.common,
    PORT: env.port(3003),
    HEALTH_MONITOR_PORT: env.port(3003).optional(),
    REDIS_URL: env.redisUrl(),
    /** Key prefix of the pool state in Redis (the scheduler and gateway use the same). */
    REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9:_-]*$/, 'may contain only letters, digits, :, _ and -').default('sy:'),
    /** This replica's id among the monitors sharing the instances; default host-pid-random. */
    HEALTH_MONITOR_REPLICA_ID: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be 1-64 letters, digits, ., _ or -').optional(),
    PROBE_INTERVAL_MS: env.positiveInt(DEFAULT_POLICY.intervalMs),
    /** Probe timeout, separate from any request timeout. */
    PROBE_TIMEOUT_MS: env.positiveInt(2_000),
    PROBE_PATH: z.string().regex(/^\/[\x21-\x7e]{0,200}$/, 'must be a path starting with /').default('/health'),
    FAILURE_THRESHOLD: env.positiveInt(DEFAULT_POLICY.failureThreshold),
    SUCCESS_THRESHOLD: env.positiveInt(DEFAULT_POLICY.successThreshold),
    /** First ejection lasts this long (default: the probe interval); doubles with each repeated ejection. */
    BASE_EJECTION_MS: z.coerce.number({ invalid_type_error: 'must be a number' }).int('must be an integer').positive('must be > 0').optional(),
    MAX_EJECTION_MS: env.positiveInt(DEFAULT_POLICY.maxEjectionMs),
    MAX_EJECTION_PERCENT: ratio(50, 100),
    SKIP_PROBE_WHEN_PASSIVE_OK: env.bool(DEFAULT_POLICY.skipProbeWhenPassiveOk),
    DEGRADED_LATENCY_RATIO: ratio(DEFAULT_POLICY.degradedLatencyRatio),
    DEGRADED_MIN_GAP_MS: ratio(DEFAULT_POLICY.degradedMinGapMs),
    DEGRADED_ERROR_RATE_GAP: ratio(DEFAULT_POLICY.degradedErrorRateGap, 1),
    DEGRADED_MIN_SAMPLES: env.positiveInt(DEFAULT_POLICY.degradedMinSamples),
    DEGRADED_WEIGHT_FACTOR: ratio(DEFAULT_POLICY.degradedWeightFactor, 1),
    /** Sliding window of the latency percentiles and the error rate. */
    STATS_WINDOW_MS: env.positiveInt(DEFAULT_POLICY.windowMs),
    /** How often outliers are looked for. */
    DEGRADATION_EVAL_MS: env.positiveInt(2_000),
    PROVIDER_KEY_FAILURE_THRESHOLD: env.positiveInt(3),
    PROVIDER_KEY_COOLDOWN_MS: env.positiveInt(30_000),
    PROVIDER_KEY_MAX_COOLDOWN_MS: env.positiveInt(600_000),
    /** Replicas heartbeat this often; one missing for 3 beats is considered gone. */
    REPLICA_HEARTBEAT_MS: env.positiveInt(1_000),
    /** Scheduling resolution of the probe loop. */
    PROBE_TICK_MS: env.positiveInt(100),
    /** Transitions kept per instance for the dashboard. */
    HISTORY_LIMIT: env.positiveInt(50),
    REGISTRY_TIMEOUT_MS: env.positiveInt(2_000),
    REGISTRY_RESYNC_MS: env.positiveInt(60_000),
    POOL_RESYNC_MS: env.positiveInt(30_000),
  })
  .transform((c) => ({
    ...c,
    PORT: c.HEALTH_MONITOR_PORT ?? c.PORT,
    HEALTH_MONITOR_REPLICA_ID: c.HEALTH_MONITOR_REPLICA_ID ?? `${hostname().replace(/[^A-Za-z0-9._-]/g, '').slice(0, 40) || 'hm'}-${process.pid}-${randomBytes(3).toString('hex')}`,
  }));

export type HealthMonitorConfig = z.infer<typeof healthMonitorConfigSchema>;

/** The defaults a deployment's health check is layered on (and what applies when the registry is unreachable). */
export function defaultPolicy(config: HealthMonitorConfig): HealthPolicy {
  return {
    ...DEFAULT_POLICY,
    intervalMs: config.PROBE_INTERVAL_MS,
    failureThreshold: config.FAILURE_THRESHOLD,
    successThreshold: config.SUCCESS_THRESHOLD,
    baseEjectionMs: config.BASE_EJECTION_MS ?? config.PROBE_INTERVAL_MS,
    maxEjectionMs: config.MAX_EJECTION_MS,
    maxEjectionShare: config.MAX_EJECTION_PERCENT / 100,
    skipProbeWhenPassiveOk: config.SKIP_PROBE_WHEN_PASSIVE_OK,
    degradedLatencyRatio: config.DEGRADED_LATENCY_RATIO,
    degradedMinGapMs: config.DEGRADED_MIN_GAP_MS,
    degradedErrorRateGap: config.DEGRADED_ERROR_RATE_GAP,
    degradedMinSamples: config.DEGRADED_MIN_SAMPLES,
    degradedWeightFactor: config.DEGRADED_WEIGHT_FACTOR,
    windowMs: config.STATS_WINDOW_MS,
  };
}

/** The policy of provider keys: passive only, cooled down at the threshold, back after the cooldown. */
export function providerKeyPolicy(config: HealthMonitorConfig): HealthPolicy {
  return {
    ...defaultPolicy(config),
    failureThreshold: config.PROVIDER_KEY_FAILURE_THRESHOLD,
    successThreshold: 1,
    baseEjectionMs: config.PROVIDER_KEY_COOLDOWN_MS,
    maxEjectionMs: config.PROVIDER_KEY_MAX_COOLDOWN_MS,
    skipProbeWhenPassiveOk: false,
  };
}
