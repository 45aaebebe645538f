import { z } from 'zod';

/** Building blocks every service schema uses, so variables mean the same thing everywhere. */
export const port = (fallback: number) =>
  z.coerce
    .number({ invalid_type_error: 'must be a number' })
    .int('must be an integer')
    .min(0, 'must be between 0 and 65535')
    .max(65535, 'must be between 0 and 65535')
    .default(fallback);

const urlWithProtocols = (protocols: readonly string[], fallback: string) =>
  z
    .string()
    .default(fallback)
    .refine((value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    }, `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`);

export const natsUrl = () => urlWithProtocols(['nats:', 'tls:'], 'nats://127.0.0.1:4222');
export const redisUrl = () => urlWithProtocols(['redis:', 'rediss:'], 'redis://127.0.0.1:6379');
export const databaseUrl = () =>
  urlWithProtocols(['postgres:', 'postgresql:'], 'postgresql://postgres@127.0.0.1:5432/switchyard');
export const httpUrl = (fallback: string) => urlWithProtocols(['http:', 'https:'], fallback);

export const logLevel = () =>
  z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
    errorMap: () => ({ message: 'must be one of fatal, error, warn, info, debug, trace, silent' }),
  }).default('info');

/** Optional prefix that isolates NATS subjects and stream names (tests, side-by-side platforms). */
export const natsNamespace = () =>
  z.string().regex(/^[A-Za-z0-9_-]*$/, 'may contain only letters, digits, _ and -').default('');

export const positiveInt = (fallback: number) =>
  z.coerce.number({ invalid_type_error: 'must be a number' }).int('must be an integer').positive('must be > 0').default(fallback);

export const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { errorMap: () => ({ message: 'must be true or false' }) })
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** The variables every service shares. */
export const common = {
  HOST: z.string().min(1).default('127.0.0.1'),
  LOG_LEVEL: logLevel(),
  NATS_URL: natsUrl(),
  NATS_NAMESPACE: natsNamespace(),
  SHUTDOWN_TIMEOUT_MS: positiveInt(10_000),
};
