// Provider key secrets, fetched from the registry on first use (Requests.ProviderCredentials), held in memory only,
// chosen by weight across the provider's enabled keys; a key that failed (401/429) cools down for a while.
import { pickWeighted } from '@switchyard/balancing';
import type { ProviderCredentialsReply, ProviderKeyCredential } from '@switchyard/contracts';
import type { Logger } from '@switchyard/observability';
import type { ProviderCredential } from '../providers';

export interface CredentialSource {
  fetchCredentials(providerId: string): Promise<ProviderCredentialsReply>;
}

interface Held {
  keys: ProviderKeyCredential[];
  fetchedAt: number;
}

export interface CredentialStoreOptions {
  /** Re-fetch after this (rotations the event missed). */
  ttlMs: number;
  /** How long a failed key is skipped. */
  cooldownMs: number;
  now?: () => number;
  random?: () => number;
}

/** The credential of a provider that needs none (a local OpenAI-compatible server without keys). */
export const NO_CREDENTIAL: ProviderCredential = Object.freeze({ keyId: '', secret: '' });

export class ProviderCredentialsStore {
  private readonly held = new Map<string, Held>();
  private readonly loading = new Map<string, Promise<Held | undefined>>();
  private readonly cooled = new Map<string, number>();
  private readonly now: () => number;
  private readonly random: () => number;

  constructor(
    private readonly source: CredentialSource,
    private readonly opts: CredentialStoreOptions,
    private readonly logger: Logger,
  ) {
    this.now = opts.now ?? Date.now;
    this.random = opts.random ?? Math.random;
  }

  /** False only when the keys are known and every one is disabled or cooling down. */
  available(providerId: string): boolean {
    const held = this.held.get(providerId);
    if (!held) return true;
    return this.usable(held).length > 0;
  }

  /** A weighted choice among usable keys; undefined when none. Fetches (once, shared) when not held or stale. */
  async pick(providerId: string): Promise<ProviderCredential | undefined> {
    let held = this.held.get(providerId);
    if (!held || this.now() - held.fetchedAt > this.opts.ttlMs) held = (await this.load(providerId)) ?? held;
    if (!held) return undefined;
    const key = pickWeighted(this.usable(held), this.random());
    return key ? { keyId: key.id, secret: key.secret } : undefined;
  }

  cooldown(keyId: string): void {
    this.cooled.set(keyId, this.now() + this.opts.cooldownMs);
  }

  invalidate(providerId: string): void {
    this.held.delete(providerId);
  }

  clear(): void {
    this.held.clear();
  }

  private usable(held: Held): ProviderKeyCredential[] {
    const now = this.now();
    return held.keys.filter((k) => {
      if (!k.enabled || !(k.weight > 0)) return false;
      const until = this.cooled.get(k.id);
      if (until === undefined) return true;
      if (until <= now) {
        this.cooled.delete(k.id);
        return true;
      }
      return false;
    });
  }

  private load(providerId: string): Promise<Held | undefined> {
    let pending = this.loading.get(providerId);
    if (!pending) {
      pending = this.source
        .fetchCredentials(providerId)
        .then((reply) => {
          const held: Held = { keys: reply.keys, fetchedAt: this.now() };
          this.held.set(providerId, held);
          return held;
        })
        .catch((err: unknown) => {
          // Never log the reply: it carries secrets. The error message is the registry's or the transport's.
          this.logger.warn({ providerId, err: err instanceof Error ? err.message : String(err) }, 'could not fetch provider credentials');
          return undefined;
        })
        .finally(() => this.loading.delete(providerId));
      this.loading.set(providerId, pending);
    }
    return pending;
  }
}
