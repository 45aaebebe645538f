import { z } from 'zod';
import { env } from '@switchyard/config';

const optionalUrl = z
  .string()
  .url('must be a URL')
  .optional()
  .or(z.literal('').transform(() => undefined));

/** The billing service's environment, validated once at start. */
export const billingConfigSchema = z.object({
  ...env.common,
  PORT: env.port(3004),
  DATABASE_URL: env.databaseUrl(),
  /** PostgreSQL schema of the ledger; default `billing`. */
  BILLING_SCHEMA: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a plain identifier').default('billing'),
  /** Kafka brokers (comma separated): when set, usage records come from Kafka instead of JetStream. */
  KAFKA_BROKERS: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean)),
  /** Where access tokens are checked (GET /api/v1/me). */
  REGISTRY_URL: env.httpUrl('http://127.0.0.1:3001'),
  /** The platform's service identity: reads every workspace's reports. */
  SWITCHYARD_SERVICE_TOKEN: z.string().min(16, 'must be at least 16 characters'),
  /** Soft budget alerts are also POSTed here when set. */
  BUDGET_WEBHOOK_URL: optionalUrl,
  INGEST_BATCH_SIZE: env.positiveInt(500),
  /** Full price-book resync period. */
  PRICE_RESYNC_MS: env.positiveInt(60_000),
  /** How often closed hours of GPU-priced deployments are spread over the tokens they served. */
  GPU_SPREAD_INTERVAL_MS: env.positiveInt(60_000),
  /** An hour is spread this long after it closed (late usage records re-spread it anyway). */
  GPU_SPREAD_GRACE_MS: env.positiveInt(120_000),
  /** How far back instance spans are looked at for hours not yet queued. */
  GPU_SPREAD_LOOKBACK_HOURS: env.positiveInt(48),
});

export type BillingConfig = z.infer<typeof billingConfigSchema>;
export const BILLING_CONFIG = Symbol('billing.config');
