import { randomBytes } from 'node:crypto';
import { sha256Hex } from '../auth/service-token';

export const API_KEY_PREFIX = 'sk-sy-';
/** Characters of the key shown in lists so people recognise it: "sk-sy-" + 8. */
export const VISIBLE_PREFIX_LENGTH = API_KEY_PREFIX.length + 8;

export interface NewApiKey {
  /** The full key: shown once, never stored. */
  key: string;
  prefix: string;
  /** Lower-case hex SHA-256 of the key (what the gateway indexes). */
  hash: string;
}

/** A fresh key: "sk-sy-" + 43 base64url characters (256 bits). */
export function generateApiKey(): NewApiKey {
  const key = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { key, prefix: key.slice(0, VISIBLE_PREFIX_LENGTH), hash: sha256Hex(key) };
}

/** 'revoked' beats 'expired' beats 'active'. Pure. */
export function apiKeyStatus(k: { revokedAt: Date | null; expiresAt: Date | null }, now: Date): 'active' | 'revoked' | 'expired' {
  if (k.revokedAt) return 'revoked';
  if (k.expiresAt && k.expiresAt.getTime() <= now.getTime()) return 'expired';
  return 'active';
}
