// Provider credentials over a bus that others can read. NATS on one machine has no accounts, so anything on it can
// see every request and reply. The credentials request therefore proves the service token without carrying it (an
// HMAC over a timestamp, a fresh nonce, the requester and the provider), and the reply travels sealed with
// AES-256-GCM under a key derived from the token and that nonce (HKDF-SHA256). A reader of the bus sees neither the
// token nor a secret; a replayed request only gets a reply sealed for a nonce it has no key for.
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ProviderCredentialsReply } from './snapshot';

export const CREDENTIALS_SEAL_VERSION = 1;
/** How far a request's clock may be from the registry's. */
export const CREDENTIALS_MAX_SKEW_MS = 60_000;

/** The proof a credentials request carries instead of the token. */
export interface CredentialsAuth {
  v: number;
  /** Epoch milliseconds at the requester. */
  ts: number;
  /** 16 random bytes, base64url; also the salt of the reply key. */
  nonce: string;
  /** HMAC-SHA256(token, "v|ts|nonce|requester|providerId"), base64url. */
  mac: string;
}

/** The credentials reply as it travels: AES-256-GCM of the JSON reply (all base64url). */
export interface SealedCredentialsReply {
  sealed: { v: number; iv: string; data: string; tag: string };
}

function macOf(token: string, auth: Pick<CredentialsAuth, 'v' | 'ts' | 'nonce'>, requester: string, providerId: string): Buffer {
  return createHmac('sha256', token).update(`${auth.v}|${auth.ts}|${auth.nonce}|${requester}|${providerId}`).digest();
}

function keyOf(token: string, nonce: string, providerId: string): Buffer {
  return Buffer.from(hkdfSync('sha256', token, Buffer.from(nonce, 'base64url'), `switchyard credentials v${CREDENTIALS_SEAL_VERSION}|${providerId}`, 32));
}

/** What the requester sends along with { requester, providerId }. */
export function authorizeCredentialsRequest(token: string, requester: string, providerId: string, now = Date.now()): CredentialsAuth {
  const auth = { v: CREDENTIALS_SEAL_VERSION, ts: now, nonce: randomBytes(16).toString('base64url') };
  return { ...auth, mac: macOf(token, auth, requester, providerId).toString('base64url') };
}

/** True when `auth` was made with `token` for this requester and provider, within the allowed clock skew. */
export function verifyCredentialsRequest(token: string, auth: unknown, requester: string, providerId: string, now = Date.now()): auth is CredentialsAuth {
  if (typeof auth !== 'object' || auth === null) return false;
  const a = auth as Partial<CredentialsAuth>;
  if (a.v !== CREDENTIALS_SEAL_VERSION || typeof a.ts !== 'number' || !Number.isFinite(a.ts) || Math.abs(now - a.ts) > CREDENTIALS_MAX_SKEW_MS) return false;
  if (typeof a.nonce !== 'string' || !/^[A-Za-z0-9_-]{16,64}$/.test(a.nonce) || typeof a.mac !== 'string' || a.mac.length > 128) return false;
  const expected = macOf(token, { v: a.v, ts: a.ts, nonce: a.nonce }, requester, providerId);
  const given = Buffer.from(a.mac, 'base64url');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Seals a reply for the request that carried `nonce` (only a holder of the token can open it). */
export function sealCredentialsReply(token: string, nonce: string, reply: ProviderCredentialsReply): SealedCredentialsReply {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(token, nonce, reply.providerId), iv);
  cipher.setAAD(Buffer.from(reply.providerId));
  const data = Buffer.concat([cipher.update(JSON.stringify(reply), 'utf8'), cipher.final()]);
  return { sealed: { v: CREDENTIALS_SEAL_VERSION, iv: iv.toString('base64url'), data: data.toString('base64url'), tag: cipher.getAuthTag().toString('base64url') } };
}

/** Opens a sealed reply; throws when it was not sealed with this token and nonce for this provider, or was altered. */
export function openCredentialsReply(token: string, nonce: string, providerId: string, value: unknown): unknown {
  const sealed = (value as Partial<SealedCredentialsReply> | null)?.sealed;
  if (!sealed || sealed.v !== CREDENTIALS_SEAL_VERSION || typeof sealed.iv !== 'string' || typeof sealed.data !== 'string' || typeof sealed.tag !== 'string') {
    throw new Error('credentials reply is not sealed');
  }
  const decipher = createDecipheriv('aes-256-gcm', keyOf(token, nonce, providerId), Buffer.from(sealed.iv, 'base64url'));
  decipher.setAAD(Buffer.from(providerId));
  decipher.setAuthTag(Buffer.from(sealed.tag, 'base64url'));
  const plain = Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64url')), decipher.final()]);
  return JSON.parse(plain.toString('utf8')) as unknown;
}
