// Bearer key -> key record, from the in-memory mirror (SHA-256 of the presented key). No I/O.
import { createHash } from 'node:crypto';
import { GatewayErrors } from '../errors/gateway.error';
import type { RegistryMirror } from '../mirror/registry.mirror';
import type { KeyRecord } from '../mirror/mirror.types';

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/**
 * Presented keys that matched a key record -> their hash, so a client's every request does not pay a SHA-256.
 * Bounded (cleared when full); holds only keys that were valid when seen, in this process's memory only.
 */
const KNOWN_HASHES_MAX = 1024;
const knownHashes = new Map<string, string>();

function keyOfPresented(token: string, mirror: RegistryMirror): KeyRecord | undefined {
  const cached = knownHashes.get(token);
  if (cached !== undefined) return mirror.keyByHash(cached);
  const hash = hashApiKey(token);
  const key = mirror.keyByHash(hash);
  if (key) {
    if (knownHashes.size >= KNOWN_HASHES_MAX) knownHashes.clear();
    knownHashes.set(token, hash);
  }
  return key;
}

/** The token of `Authorization: Bearer <token>` (case-insensitive scheme), else undefined. */
export function bearerToken(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  const match = /^\s*bearer\s+(\S+)\s*$/i.exec(value);
  return match ? match[1] : undefined;
}

/** Throws GatewayError 401 (missing, unknown, revoked, expired key) or 403 (disabled workspace). */
export function authenticate(header: string | string[] | undefined, mirror: RegistryMirror, nowMs: number): KeyRecord {
  const token = bearerToken(header);
  if (!token) throw GatewayErrors.missingKey();
  if (token.length > 512) throw GatewayErrors.invalidKey();
  const key = keyOfPresented(token, mirror);
  if (!key) throw GatewayErrors.invalidKey();
  if (mirror.isRevoked(key)) throw GatewayErrors.revokedKey();
  if (key.expiresAtMs !== null && key.expiresAtMs <= nowMs) throw GatewayErrors.expiredKey();
  const workspace = mirror.workspace(key.workspaceId);
  // A key whose workspace is gone (deleted: its keys were cascaded without events of their own) is dead.
  if (!workspace) throw GatewayErrors.invalidKey();
  if (workspace.disabled === true) throw GatewayErrors.workspaceDisabled();
  return key;
}
