import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { decodeRegistrySnapshot, type ApiKeySnapshot, type PriceSnapshot, type WorkspaceSnapshot } from '@switchyard/contracts';
import { RequestClient } from '@switchyard/messaging';
import type { Logger } from '@switchyard/observability';
import { LOGGER, ReadinessRegistry } from '@switchyard/service-kit';
import { BILLING_CONFIG, type BillingConfig } from '../billing.config';
import { PriceBook } from '../domain/price-book';

/**
 * The registry's prices, catalogue and budgets as billing needs them, in memory: loaded from the registry
 * snapshot at start (retried until it answers), kept current by PriceChanged and catalogue events, and
 * resynced periodically. Ingestion waits for the first load so no record is priced against an empty book.
 */
@Injectable()
export class PriceBookService implements OnApplicationBootstrap, OnApplicationShutdown {
  private book = new PriceBook();
  private apiKeys = new Map<string, ApiKeySnapshot>();
  private workspaces = new Map<string, WorkspaceSnapshot>();
  private loadedOnce = false;
  private waiters: Array<() => void> = [];
  private timer: NodeJS.Timeout | undefined;
  private resyncPending: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly requests: RequestClient,
    @Inject(BILLING_CONFIG) private readonly config: BillingConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    readiness: ReadinessRegistry,
  ) {
    readiness.register({ name: 'price-book', check: () => this.loadedOnce });
  }

  onApplicationBootstrap(): void {
    void this.loadUntilLoaded();
    this.timer = setInterval(() => void this.reload().catch(() => undefined), this.config.PRICE_RESYNC_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    if (this.resyncPending) clearTimeout(this.resyncPending);
    for (const w of this.waiters) w();
  }

  get current(): PriceBook {
    return this.book;
  }

  get loaded(): boolean {
    return this.loadedOnce;
  }

  /** Resolves once the first snapshot is in (or the service is closing). */
  whenLoaded(): Promise<void> {
    if (this.loadedOnce || this.closed) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  apiKey(id: string): ApiKeySnapshot | undefined {
    return this.apiKeys.get(id);
  }

  workspace(id: string): WorkspaceSnapshot | undefined {
    return this.workspaces.get(id);
  }

  /** A price event applies at once; the catalogue follows with a (debounced) resync. */
  applyPrice(price: PriceSnapshot | null | undefined, priceId: string, deleted: boolean): void {
    if (deleted || !price) this.book.removePrice(priceId);
    else this.book.upsertPrice(price);
  }

  /** Something in the catalogue changed (deployment, provider, model, key, workspace): resync soon. */
  scheduleResync(): void {
    if (this.resyncPending || this.closed) return;
    this.resyncPending = setTimeout(() => {
      this.resyncPending = undefined;
      void this.reload().catch((error: Error) => this.logger.warn({ err: error.message }, 'price book resync failed'));
    }, 250);
    this.resyncPending.unref();
  }

  async reload(): Promise<void> {
    // The snapshot carries no secret, so no credential goes with the request.
    const bytes = await this.requests.request('RegistrySnapshot', { requester: 'billing' }, { timeoutMs: 5_000 });
    const snapshot = decodeRegistrySnapshot(bytes);
    this.book = PriceBook.from(snapshot);
    this.apiKeys = new Map(snapshot.apiKeys.map((k) => [k.id, k]));
    this.workspaces = new Map(snapshot.workspaces.map((w) => [w.id, w]));
    if (!this.loadedOnce) {
      this.loadedOnce = true;
      this.logger.info({ prices: this.book.size, version: snapshot.version }, 'price book loaded');
      for (const w of this.waiters.splice(0)) w();
    }
  }

  private async loadUntilLoaded(): Promise<void> {
    let delay = 500;
    while (!this.loadedOnce && !this.closed) {
      try {
        await this.reload();
      } catch (error) {
        this.logger.warn({ err: (error as Error).message, retryInMs: delay }, 'registry snapshot unavailable; ingestion waits');
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, 10_000);
      }
    }
  }
}
