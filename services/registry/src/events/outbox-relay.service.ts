import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { EventPublisher, OutboxRelay } from '@switchyard/messaging';
import type { Logger, Metrics } from '@switchyard/observability';
import { OutboxRepository } from '@switchyard/registry-store';
import { LOGGER, METRICS } from '@switchyard/service-kit';
import { CONFIG, type RegistryConfigService } from '../common/registry-config.provider';
import { REGISTRY_DB, type RegistryDb } from '../db/registry-db.provider';
import { OutboxSignal } from './outbox-signal';

export type OutboxPublish = (subject: string, bytes: Uint8Array, msgId: string) => Promise<void>;

const PRUNE_EVERY_MS = 60 * 60_000;
const KEEP_PUBLISHED_MS = 7 * 24 * 60 * 60_000;

/**
 * Publishes outbox rows to JetStream (msgID = event id, so a re-publish after a crash is deduplicated), in id
 * order, stopping at the first failure and retrying with back-off. Changes keep succeeding while NATS is down;
 * their events flow when it is back. Kicked after every commit that wrote events.
 */
@Injectable()
export class OutboxRelayService implements OnApplicationBootstrap, OnModuleDestroy {
  readonly repository: OutboxRepository;
  private relay?: OutboxRelay;
  private transport: OutboxPublish;
  private unsubscribe?: () => void;
  private pruneTimer?: NodeJS.Timeout;
  private gaugeTimer?: NodeJS.Timeout;
  private readonly log: Logger;

  constructor(
    @Inject(REGISTRY_DB) db: RegistryDb,
    publisher: EventPublisher,
    private readonly signal: OutboxSignal,
    @Inject(CONFIG) private readonly config: RegistryConfigService,
    @Inject(LOGGER) logger: Logger,
    @Inject(METRICS) private readonly metrics: Metrics,
  ) {
    this.repository = new OutboxRepository(db);
    this.transport = async (subject, bytes, msgId) => {
      await publisher.publishRaw(subject, bytes, msgId);
    };
    this.log = logger.child({ component: 'outbox-relay' });
  }

  onApplicationBootstrap(): void {
    this.relay = new OutboxRelay({
      source: this.repository,
      publish: (subject, bytes, msgId) => this.transport(subject, bytes, msgId),
      pollMs: this.config.get('OUTBOX_POLL_MS'),
      batchSize: 100,
      maxBackoffMs: this.config.get('OUTBOX_MAX_BACKOFF_MS'),
      logger: this.log,
    });
    this.unsubscribe = this.signal.onCommit(() => this.relay?.kick());
    this.relay.start();
    this.pruneTimer = setInterval(() => void this.prune(), PRUNE_EVERY_MS);
    this.pruneTimer.unref();
    const lagging = this.metrics.gauge('registry_outbox_lagging', 'Outbox events seen unpublished by the relay (NATS unavailable when > 0 for long)');
    this.gaugeTimer = setInterval(() => lagging.set(this.lagging()), 5_000);
    this.gaugeTimer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    this.unsubscribe?.();
    if (this.pruneTimer) clearInterval(this.pruneTimer);
    if (this.gaugeTimer) clearInterval(this.gaugeTimer);
    await this.relay?.stop();
  }

  /** Replaces how rows are sent (tests simulate an outage; a bridge could forward elsewhere); returns the previous one. */
  publishVia(transport: OutboxPublish): OutboxPublish {
    const previous = this.transport;
    this.transport = transport;
    this.relay?.kick();
    return previous;
  }

  kick(): void {
    this.relay?.kick();
  }

  /** Rows seen unpublished by the relay (exported as a metric / for tests). */
  lagging(): number {
    return this.relay?.lagging() ?? 0;
  }

  private async prune(): Promise<void> {
    try {
      const removed = await this.repository.prunePublished(new Date(Date.now() - KEEP_PUBLISHED_MS));
      if (removed > 0) this.log.info({ removed }, 'pruned published outbox rows');
    } catch (error) {
      this.log.warn({ err: error instanceof Error ? error.message : String(error) }, 'outbox prune failed');
    }
  }
}
