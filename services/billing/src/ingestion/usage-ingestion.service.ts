import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { BillingStore } from '@switchyard/billing-store';
import type { Logger, Metrics } from '@switchyard/observability';
import { LOGGER, METRICS, SERVICE_NAME } from '@switchyard/service-kit';
import { createUsageConsumer, type UsageConsumer, type UsageDelivery } from '@switchyard/usage-stream';
import { BILLING_CONFIG, type BillingConfig } from '../billing.config';
import { BILLING_STORE } from '../billing.tokens';
import { BudgetService } from '../budgets/budget.service';
import { toLedgerEntry, type PricedRecord } from '../domain/ledger-entry';
import { PriceBookService } from '../prices/price-book.service';

/**
 * Usage stream -> priced ledger rows -> one transaction (ledger + roll-ups) -> ack. A crash between commit and
 * ack only causes a redelivery, which the ledger's unique request id turns into a no-op: exactly-once cost.
 */
@Injectable()
export class UsageIngestionService implements OnApplicationBootstrap, OnApplicationShutdown {
  private consumer: UsageConsumer | undefined;
  private closing = false;
  private readonly ingested;
  private readonly duplicates;
  private readonly unpriced;

  constructor(
    @Inject(BILLING_STORE) private readonly store: BillingStore,
    private readonly prices: PriceBookService,
    private readonly budgets: BudgetService,
    @Inject(BILLING_CONFIG) private readonly config: BillingConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(METRICS) metrics: Metrics,
    @Inject(SERVICE_NAME) private readonly service: string,
  ) {
    this.ingested = metrics.counter('billing_usage_records_ingested_total', 'Usage records written to the ledger');
    this.duplicates = metrics.counter('billing_usage_records_duplicate_total', 'Redelivered usage records ignored by the ledger');
    this.unpriced = metrics.counter('billing_usage_records_unpriced_total', 'Usage records with no price in effect (cost 0)');
  }

  onApplicationBootstrap(): void {
    void this.start();
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    await this.consumer?.close();
  }

  /** Prices and stores one batch; exported for the replay/backfill paths and tests. */
  async handle(batch: readonly UsageDelivery[]): Promise<void> {
    const book = this.prices.current;
    const entries: PricedRecord[] = [];
    let unpriced = 0;
    for (const d of batch) {
      const entry = toLedgerEntry(d.record, book);
      if (!entry) continue;
      if (entry.priceId === null && (entry.promptTokens > 0 || entry.completionTokens > 0)) unpriced++;
      entries.push(entry);
    }
    const result = await this.store.ingest(entries, { gpuDeployments: book.gpuPricedDeployments() });
    this.ingested.inc(result.inserted);
    this.duplicates.inc(result.duplicates);
    if (unpriced > 0) this.unpriced.inc(unpriced);
    if (result.touched.length > 0) {
      // Budget alerts must not fail the batch (the ledger is committed): log and go on.
      await this.budgets.check(result.touched).catch((error: Error) => this.logger.error({ err: error.message }, 'budget check failed'));
    }
  }

  private async start(): Promise<void> {
    await this.prices.whenLoaded();
    if (this.closing) return;
    for (let delay = 500; !this.closing; delay = Math.min(delay * 2, 10_000)) {
      try {
        this.consumer = await createUsageConsumer({
          natsUrl: this.config.NATS_URL,
          namespace: this.config.NATS_NAMESPACE,
          kafkaBrokers: this.config.KAFKA_BROKERS,
          logger: this.logger,
          clientId: this.service,
          group: 'billing',
          batchSize: this.config.INGEST_BATCH_SIZE,
        });
        break;
      } catch (error) {
        this.logger.warn({ err: (error as Error).message, retryInMs: delay }, 'usage stream unavailable; retrying');
        await new Promise((r) => setTimeout(r, delay));
      }
    }
    if (this.closing || !this.consumer) return;
    this.logger.info({ engine: this.config.KAFKA_BROKERS.length > 0 ? 'kafka' : 'jetstream' }, 'consuming usage records');
    await this.consumer.run((batch) => this.handle(batch));
  }
}
