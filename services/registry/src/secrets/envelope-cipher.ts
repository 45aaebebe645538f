import { randomBytes } from 'node:crypto';
import { openAesGcm, sealAesGcm, type KeyProvider } from './key-provider';

/** An encrypted secret as stored: ciphertext under its own data key, the data key wrapped by a master key. */
export interface SealedSecret {
  ciphertext: string;
  wrappedKey: string;
  kekId: string;
  last4: string;
}

/**
 * Envelope encryption (AES-256-GCM). `context` (e.g. the provider key's id) is bound as associated data, so a
 * ciphertext copied onto another row does not decrypt.
 */
export class EnvelopeCipher {
  constructor(private readonly keys: KeyProvider) {}

  async seal(secret: string, context: string): Promise<SealedSecret> {
    const dataKey = randomBytes(32);
    try {
      const ciphertext = sealAesGcm(dataKey, Buffer.from(secret, 'utf8'), context);
      const { keyId, wrapped } = await this.keys.wrap(dataKey);
      // Short secrets show nothing: four characters of an eight-character secret is half of it.
      return { ciphertext, wrappedKey: wrapped, kekId: keyId, last4: secret.length >= 16 ? secret.slice(-4) : '' };
    } finally {
      dataKey.fill(0);
    }
  }

  async open(sealed: Pick<SealedSecret, 'ciphertext' | 'wrappedKey' | 'kekId'>, context: string): Promise<string> {
    const dataKey = await this.keys.unwrap(sealed.kekId, sealed.wrappedKey);
    try {
      return openAesGcm(dataKey, sealed.ciphertext, context).toString('utf8');
    } finally {
      dataKey.fill(0);
    }
  }

  /** Re-wraps the data key under the current master key; the ciphertext is unchanged. */
  async rewrap(sealed: Pick<SealedSecret, 'wrappedKey' | 'kekId'>): Promise<{ wrappedKey: string; kekId: string }> {
    const dataKey = await this.keys.unwrap(sealed.kekId, sealed.wrappedKey);
    try {
      const { keyId, wrapped } = await this.keys.wrap(dataKey);
      return { wrappedKey: wrapped, kekId: keyId };
    } finally {
      dataKey.fill(0);
    }
  }
}

/** "****abcd": what the API shows of a stored secret. */
export function maskedSecret(last4: string): string {
  return `****${last4}`;
}
