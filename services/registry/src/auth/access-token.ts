import { createHmac, timingSafeEqual } from 'node:crypto';

/** Claims of a short-lived access token. */
export interface AccessClaims {
  /** User id. */
  sub: string;
  /** Session (refresh token row) id: logging out or rotating ends it. */
  sid: string;
  /** Issued at / expires, seconds since the epoch. */
  iat: number;
  exp: number;
}

export type VerifyResult = { ok: true; claims: AccessClaims } | { ok: false; reason: 'malformed' | 'signature' | 'expired' };

const PREFIX = 'sya';

function sign(secret: Buffer | string, body: string): string {
  return createHmac('sha256', secret).update(`${PREFIX}.${body}`).digest('base64url');
}

/** `sya.<base64url(json claims)>.<base64url(hmac-sha256)>`. Pure. */
export function issueAccessToken(secret: Buffer | string, claims: AccessClaims): string {
  const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${PREFIX}.${body}.${sign(secret, body)}`;
}

/** Verifies the signature (constant time) and the expiry. Pure given `nowSeconds`. */
export function verifyAccessToken(secret: Buffer | string, token: string, nowSeconds: number): VerifyResult {
  if (token.length > 4096) return { ok: false, reason: 'malformed' };
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== PREFIX) return { ok: false, reason: 'malformed' };
  const expected = Buffer.from(sign(secret, parts[1]));
  const given = Buffer.from(parts[2]);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'signature' };
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (!isClaims(claims)) return { ok: false, reason: 'malformed' };
  if (claims.exp <= nowSeconds) return { ok: false, reason: 'expired' };
  return { ok: true, claims };
}

function isClaims(v: unknown): v is AccessClaims {
  if (!v || typeof v !== 'object') return false;
  const c = v as Record<string, unknown>;
  return typeof c.sub === 'string' && typeof c.sid === 'string' && typeof c.iat === 'number' && typeof c.exp === 'number';
}
