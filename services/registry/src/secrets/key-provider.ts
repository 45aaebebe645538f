import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Wraps and unwraps data keys under a key-encryption key (KEK). The local implementation holds master keys in
 * memory; a KMS-backed one implements the same interface. `keyId` names the KEK a data key was wrapped with.
 */
export interface KeyProvider {
  /** The KEK new data keys are wrapped with. */
  readonly currentKeyId: string;
  wrap(dataKey: Buffer): Promise<{ keyId: string; wrapped: string }>;
  unwrap(keyId: string, wrapped: string): Promise<Buffer>;
  /** True when this provider can unwrap keys made under `keyId`. */
  knows(keyId: string): boolean;
}

/** A short stable id for a master key: the first 16 hex chars of sha256("switchyard-kek" || key). */
export function masterKeyId(key: Buffer): string {
  return createHash('sha256').update('switchyard-kek').update(key).digest('hex').slice(0, 16);
}

/** AES-256-GCM with a random 12-byte IV: base64(iv || tag || ciphertext). */
export function sealAesGcm(key: Buffer, plaintext: Buffer, aad: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad));
  const ct = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ct]).toString('base64');
}

export function openAesGcm(key: Buffer, sealed: string, aad: string): Buffer {
  const raw = Buffer.from(sealed, 'base64');
  if (raw.length < 28) throw new Error('sealed value too short');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]);
}

/** Master keys from the environment (base64 of 32 bytes): the current one, plus previous ones during rotation. */
export class LocalKeyProvider implements KeyProvider {
  private readonly keys = new Map<string, Buffer>();
  readonly currentKeyId: string;

  constructor(current: string, previous: string[] = []) {
    const cur = LocalKeyProvider.decode(current);
    this.currentKeyId = masterKeyId(cur);
    this.keys.set(this.currentKeyId, cur);
    for (const p of previous) {
      const k = LocalKeyProvider.decode(p);
      this.keys.set(masterKeyId(k), k);
    }
  }

  static decode(base64: string): Buffer {
    const key = Buffer.from(base64, 'base64');
    if (key.length !== 32) throw new Error('a master key must be base64 of exactly 32 bytes');
    return key;
  }

  knows(keyId: string): boolean {
    return this.keys.has(keyId);
  }

  async wrap(dataKey: Buffer): Promise<{ keyId: string; wrapped: string }> {
    const kek = this.keys.get(this.currentKeyId) as Buffer;
    return { keyId: this.currentKeyId, wrapped: sealAesGcm(kek, dataKey, `kek:${this.currentKeyId}`) };
  }

  async unwrap(keyId: string, wrapped: string): Promise<Buffer> {
    const kek = this.keys.get(keyId);
    if (!kek) throw new Error(`no master key with id ${keyId} is configured`);
    return openAesGcm(kek, wrapped, `kek:${keyId}`);
  }
}
