import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** Constant-time string equality (digests first, so lengths do not leak). Pure. */
export function safeEqual(a: string, b: string): boolean {
  const da = createHash('sha256').update(a).digest();
  const db = createHash('sha256').update(b).digest();
  return timingSafeEqual(da, db);
}

/** The bearer token of an `Authorization` header value, or null. */
export function bearerToken(header: string | string[] | undefined): string | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(value);
  return match ? match[1] : null;
}

/** HMAC key for access tokens: the configured one, else derived from the master key. */
export function accessTokenSecret(configured: string | undefined, masterKeyBase64: string): Buffer {
  if (configured) return Buffer.from(configured, 'utf8');
  return createHmac('sha256', Buffer.from(masterKeyBase64, 'base64')).update('switchyard-access-tokens').digest();
}

/** sha256 hex: how refresh tokens and API keys are stored. */
export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
