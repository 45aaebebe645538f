// The gateway's configuration: one zod schema, validated once at start (a clear line naming a bad variable).
import { hostname } from 'node:os';
import { z } from 'zod';
import { env } from '@switchyard/config';

const ratio = (fallback: number) =>
  z.coerce.number({ invalid_type_error: 'must be a number' }).min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1').default(fallback);

const optionalPort = z.coerce
  .number({ invalid_type_error: 'must be a number' })
  .int('must be an integer')
  .min(0, 'must be between 0 and 65535')
  .max(65535, 'must be between 0 and 65535')
  .optional();

export const gatewayConfigSchema = z.object({
  ...env.common,
  /** Listening port; PORT is accepted too; default 8080. */
  GATEWAY_PORT: optionalPort,
  PORT: optionalPort,
  REDIS_URL: env.redisUrl(),
  /** Key prefix of pool state and rate-limit counters in Redis. */
  REDIS_PREFIX: z.string().default('sy:'),
  /** Presented to the registry when asking for provider credentials. */
  SWITCHYARD_SERVICE_TOKEN: z.string().default(''),
  /** Names this replica in usage records, signals and stats. Default: host name and pid. */
  GATEWAY_ID: z.string().min(1).default(`${hostname()}-${process.pid}`),
  /** Largest request body (413 beyond). */
  GATEWAY_BODY_LIMIT_BYTES: env.positiveInt(4 * 1024 * 1024),
  /** Largest non-streaming upstream body read. */
  GATEWAY_MAX_RESPONSE_BYTES: env.positiveInt(32 * 1024 * 1024),
  /** Attempts per request across instances and targets (first try included). */
  GATEWAY_MAX_ATTEMPTS: env.positiveInt(3),
  GATEWAY_RETRY_BUDGET_RATIO: ratio(0.2),
  GATEWAY_RETRY_MIN_PER_SECOND: env.positiveInt(10),
  GATEWAY_CONNECT_TIMEOUT_MS: env.positiveInt(2_000),
  GATEWAY_FIRST_BYTE_TIMEOUT_MS: env.positiveInt(60_000),
  GATEWAY_IDLE_TIMEOUT_MS: env.positiveInt(60_000),
  GATEWAY_UPSTREAM_CONNECTIONS: env.positiveInt(256),
  /** Full registry snapshot + Redis pool reload period. */
  GATEWAY_RESYNC_INTERVAL_MS: env.positiveInt(30_000),
  GATEWAY_SNAPSHOT_TIMEOUT_MS: env.positiveInt(5_000),
  /** How long start-up waits for the first snapshot before listening anyway (503 until it arrives). */
  GATEWAY_STARTUP_WAIT_MS: env.positiveInt(15_000),
  /** An instance that refused a connection gets no new request from this replica for this long. */
  GATEWAY_SUSPECT_MS: env.positiveInt(2_000),
  /** Weight multiplier of degraded instances. */
  GATEWAY_DEGRADED_WEIGHT: ratio(0.25),
  GATEWAY_CREDENTIALS_TTL_MS: env.positiveInt(10 * 60_000),
  GATEWAY_KEY_COOLDOWN_MS: env.positiveInt(30_000),
  GATEWAY_STATS_INTERVAL_MS: env.positiveInt(1_000),
  GATEWAY_RATE_LIMIT_SYNC_MS: env.positiveInt(100),
  GATEWAY_SESSION_HEADER: z.string().min(1).default('x-session-id'),
  /** 'stream': the usage stream (JetStream, or Kafka when KAFKA_BROKERS is set); 'log': log lines only. */
  GATEWAY_USAGE_SINK: z.enum(['stream', 'log']).default('stream'),
  KAFKA_BROKERS: z.string().default(''),
  /**
   * Standalone mode (benchmarks, trials without a registry): every request for GATEWAY_STANDALONE_MODEL with the key
   * GATEWAY_STANDALONE_API_KEY goes to this OpenAI-compatible base URL. All three must be set together.
   */
  GATEWAY_STANDALONE_UPSTREAM: z.string().url('must be a URL').optional(),
  GATEWAY_STANDALONE_MODEL: z.string().min(1).optional(),
  GATEWAY_STANDALONE_API_KEY: z.string().min(1).optional(),
}).superRefine((c, ctx) => {
  const set = [c.GATEWAY_STANDALONE_UPSTREAM, c.GATEWAY_STANDALONE_MODEL, c.GATEWAY_STANDALONE_API_KEY].filter((v) => v !== undefined).length;
  if (set !== 0 && set !== 3) {
    ctx.addIssue({ code: 'custom', path: ['GATEWAY_STANDALONE_UPSTREAM'], message: 'set GATEWAY_STANDALONE_UPSTREAM, GATEWAY_STANDALONE_MODEL and GATEWAY_STANDALONE_API_KEY together' });
  }
});

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;

export function listenPort(config: Pick<GatewayConfig, 'GATEWAY_PORT' | 'PORT'>): number {
  return config.GATEWAY_PORT ?? config.PORT ?? 8080;
}

export function kafkaBrokers(config: Pick<GatewayConfig, 'KAFKA_BROKERS'>): string[] {
  return config.KAFKA_BROKERS.split(',').map((s) => s.trim()).filter(Boolean);
}
