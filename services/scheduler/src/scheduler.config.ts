import { resolve } from 'node:path';
import { z } from 'zod';
import { env } from '@switchyard/config';

/** The repository root (engine-sim's default command runs from there). */
export const REPO_ROOT = resolve(__dirname, '../../..');

/** The default engine: engine-sim, an OpenAI-compatible vLLM simulator. A GPU box sets `vllm serve {model} --port {port}`. */
export const DEFAULT_ENGINE_COMMAND = 'node -r @swc-node/register tools/engine-sim/src/main.ts --port {port} --model {model}';

const portRange = z
  .string()
  .regex(/^\d{1,5}-\d{1,5}$/, 'must look like 18000-18999')
  .default('18000-18999')
  .transform((v) => v.split('-').map(Number) as [number, number])
  .refine(([a, b]) => a > 0 && b <= 65535 && a <= b, 'must be a range of ports, low-high, within 1-65535');

/** The scheduler's environment, validated once at start. */
export const schedulerConfigSchema = z.object({
  ...env.common,
  PORT: env.port(3002),
  /** Takes precedence over PORT when set (several services on one machine). */
  SCHEDULER_PORT: z.coerce.number({ invalid_type_error: 'must be a number' }).int().min(0).max(65535, 'must be between 0 and 65535').optional(),
  REDIS_URL: env.redisUrl(),
  /** Key prefix of pool state and scheduler keys in Redis ('sy:' in production; tests isolate with their own). */
  REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9:_-]*$/, 'may contain only letters, digits, :, _ and -').default('sy:'),
  DATABASE_URL: env.databaseUrl(),
  /** PostgreSQL schema of the rollout table; default `scheduler`. */
  DATABASE_SCHEMA: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a plain identifier').default('scheduler'),
  /** This replica's name in the leader lease (default: host and pid). */
  SCHEDULER_ID: z.string().regex(/^[A-Za-z0-9._:-]{1,100}$/, 'may contain only letters, digits, ., _, : and -').optional(),
  LEADER_TTL_MS: env.positiveInt(5_000),
  RECONCILE_INTERVAL_MS: env.positiveInt(1_000),
  /** Registry snapshot resync, so a missed event is repaired. */
  RESYNC_INTERVAL_MS: env.positiveInt(60_000),
  /** Process driver: command per replica; {port}, {model}, {version}, {deployment}, {instance} are substituted. */
  ENGINE_COMMAND: z.string().min(1).max(2000).default(DEFAULT_ENGINE_COMMAND),
  ENGINE_CWD: z.string().min(1).default(REPO_ROOT),
  /** Append a deployment's `runtime.settings.args` to the engine command (tenants could pass engine flags). */
  ENGINE_ALLOW_DEPLOYMENT_ARGS: env.bool(false),
  /** Names of variables passed on to engine processes (e.g. CUDA_VISIBLE_DEVICES,HF_HOME); nothing else leaks. */
  ENGINE_ENV_PASSTHROUGH: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*(,[A-Za-z_][A-Za-z0-9_]*)*$|^$/, 'must be a comma-separated list of variable names')
    .default('')
    .transform((v) => (v ? v.split(',') : [])),
  ENGINE_PORT_RANGE: portRange,
  ENGINE_START_TIMEOUT_MS: env.positiveInt(60_000),
  /** Longest wait for in-flight requests of a draining instance before it is stopped. */
  DRAIN_TIMEOUT_MS: env.positiveInt(30_000),
  /** Time for pool readers (gateways) to see a draining member before in-flight work is measured. */
  DRAIN_GRACE_MS: env.positiveInt(500),
  RESTART_BACKOFF_MS: env.positiveInt(1_000),
  MAX_RESTARTS: env.positiveInt(5),
  /** Kubernetes driver: API server and namespace (in-cluster defaults). */
  KUBERNETES_API_URL: env.httpUrl('https://kubernetes.default.svc'),
  KUBERNETES_NAMESPACE: z.string().regex(/^[a-z0-9-]{1,63}$/, 'must be a Kubernetes namespace name').default('default'),
  KUBERNETES_TOKEN_FILE: z.string().default('/var/run/secrets/kubernetes.io/serviceaccount/token'),
  /** How often the auto-scaler and the overflow control read engine metrics. */
  AUTOSCALE_INTERVAL_MS: env.positiveInt(5_000),
});

export type SchedulerConfig = z.infer<typeof schedulerConfigSchema>;

export function listenPort(config: SchedulerConfig): number {
  return config.SCHEDULER_PORT ?? config.PORT;
}
