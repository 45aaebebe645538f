import { Inject, Injectable } from '@nestjs/common';
import { EnvelopeCipher, type SealedSecret } from './envelope-cipher';
import type { KeyProvider } from './key-provider';

/** Injection token of the KeyProvider (LocalKeyProvider from the environment; a KMS one can replace it). */
export const KEY_PROVIDER = Symbol('registry.key-provider');

/**
 * Envelope encryption of provider secrets. `aad` binds the ciphertext to its row (use the ProviderKey's id), so a
 * ciphertext copied onto another row does not decrypt. Never log what goes in or comes out of here.
 */
@Injectable()
export class SecretBox {
  private readonly cipher: EnvelopeCipher;

  constructor(@Inject(KEY_PROVIDER) private readonly keys: KeyProvider) {
    this.cipher = new EnvelopeCipher(keys);
  }

  seal(plaintext: string, aad: string): Promise<SealedSecret> {
    return this.cipher.seal(plaintext, aad);
  }

  open(sealed: { ciphertext: string; wrappedKey: string; kekId: string }, aad: string): Promise<string> {
    return this.cipher.open(sealed, aad);
  }

  /** Re-wraps a data key under the current master key (rotation); the ciphertext is unchanged. */
  rewrap(sealed: { wrappedKey: string; kekId: string }): Promise<{ wrappedKey: string; kekId: string }> {
    return this.cipher.rewrap(sealed);
  }

  get currentKeyId(): string {
    return this.keys.currentKeyId;
  }
}
