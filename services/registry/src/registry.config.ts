import { z } from 'zod';
import { env } from '@switchyard/config';

const masterKey = z
  .string({ required_error: 'is required (base64 of 32 random bytes)' })
  .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be base64 of exactly 32 bytes');

/** The registry's environment, validated once at start. */
export const registryConfigSchema = z.object({
  ...env.common,
  PORT: env.port(3001),
  DATABASE_URL: env.databaseUrl(),
  /** PostgreSQL schema; default `registry`. */
  DATABASE_SCHEMA: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a plain identifier').default('registry'),
  SWITCHYARD_MASTER_KEY: masterKey,
  /** During a master-key rotation: the previous key, still accepted for unwrapping. */
  SWITCHYARD_PREVIOUS_MASTER_KEY: masterKey.optional(),
  SWITCHYARD_ADMIN_EMAIL: z.string().email('must be an e-mail address').default('admin@switchyard.local'),
  SWITCHYARD_ADMIN_PASSWORD: z.string().min(8, 'must be at least 8 characters').optional(),
  SWITCHYARD_SERVICE_TOKEN: z.string().min(16, 'must be at least 16 characters'),
  /** HMAC key for access tokens; default derived from the master key. */
  SWITCHYARD_TOKEN_SECRET: z.string().min(16).optional(),
  ACCESS_TOKEN_TTL_SECONDS: env.positiveInt(900),
  REFRESH_TOKEN_TTL_SECONDS: env.positiveInt(30 * 24 * 3600),
  CONNECTIVITY_TIMEOUT_MS: env.positiveInt(2000),
  OUTBOX_POLL_MS: env.positiveInt(500),
  /** Longest wait between relay retries while NATS is unavailable. */
  OUTBOX_MAX_BACKOFF_MS: env.positiveInt(10_000),
});

export type RegistryConfig = z.infer<typeof registryConfigSchema>;
