import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { BillingStore, GpuHourKey, TouchedBudget } from '@switchyard/billing-store';
import type { Logger, Metrics } from '@switchyard/observability';
import { LOGGER, METRICS } from '@switchyard/service-kit';
import { BILLING_CONFIG, type BillingConfig } from '../billing.config';
import { BILLING_STORE } from '../billing.tokens';
import { BudgetService } from '../budgets/budget.service';
import { floorHourMs, hoursOfSpan, HOUR_MS } from '../domain/gpu-cost';
import { planGpuHour } from '../domain/gpu-hour.plan';
import { PriceBookService } from '../prices/price-book.service';

export interface GpuPassResult {
  queued: number;
  spread: number;
  busy: number;
  failed: number;
}

/** How far back a back-dated GPU price is charged. */
const PRICE_BACKDATE_MAX_DAYS = 92;
/** Removals that overtook their registration are kept this long (events are never that late). */
const REMOVAL_RETENTION_DAYS = 30;

/**
 * Spreads GPU-hour costs: once an hour has closed (plus a grace period for late usage records), every hour in
 * which a GPU-priced deployment had instances is queued, and every queued hour is spread over the ledger. Hours
 * are re-queued when late usage, a late instance event or a price change touches them, and spread again: the
 * ledger rows and roll-ups move by the difference, so reports stay equal to the ledger throughout. Replicas share
 * the work (row locks, SKIP LOCKED).
 */
@Injectable()
export class GpuCostService implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<GpuPassResult> | undefined;
  private closed = false;
  private readonly spreadHours;

  constructor(
    @Inject(BILLING_STORE) private readonly store: BillingStore,
    private readonly prices: PriceBookService,
    private readonly budgets: BudgetService,
    @Inject(BILLING_CONFIG) private readonly config: BillingConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(METRICS) metrics: Metrics,
  ) {
    this.spreadHours = metrics.counter('billing_gpu_hours_spread_total', 'Deployment-hours whose GPU cost was (re)spread over the ledger');
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.pass().catch((error: Error) => this.logger.warn({ err: error.message }, 'GPU cost pass failed')), this.config.GPU_SPREAD_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** One pass (the timer calls it every GPU_SPREAD_INTERVAL_MS); passes never overlap within a process. */
  pass(now: number = Date.now()): Promise<GpuPassResult> {
    if (!this.running) {
      this.running = this.runPass(now).finally(() => {
        this.running = undefined;
      });
    }
    return this.running;
  }

  /**
   * A price of this GPU-priced deployment changed from `effectiveFrom` on: its spread hours from then are redone,
   * and its closed hours from then (at most PRICE_BACKDATE_MAX_DAYS back) are queued, also those older than the
   * regular look-back, so a back-dated price is charged for every hour it covers.
   */
  async priceChanged(deploymentId: string, effectiveFrom: string): Promise<void> {
    const from = await this.requeue(deploymentId, effectiveFrom);
    const cutoff = floorHourMs(Date.now() - this.config.GPU_SPREAD_GRACE_MS);
    if (from < cutoff) await this.queueSpanHours([deploymentId], from, cutoff);
  }

  /** Marks the deployment's queued hours from `effectiveFrom` (at most PRICE_BACKDATE_MAX_DAYS back) on for spreading again; returns that start. */
  async requeue(deploymentId: string, effectiveFrom: string): Promise<number> {
    const from = Math.max(Date.parse(effectiveFrom), Date.now() - PRICE_BACKDATE_MAX_DAYS * 24 * HOUR_MS);
    await this.store.gpu.markDirtyFrom(deploymentId, new Date(from));
    return from;
  }

  /** Queues every hour in [fromMs, toMs) in which these deployments had instances; returns how many were new. */
  private async queueSpanHours(deploymentIds: string[], fromMs: number, toMs: number): Promise<number> {
    const spans = await this.store.gpu.spans(deploymentIds, new Date(fromMs), new Date(toMs));
    const keys = new Map<string, GpuHourKey>();
    for (const s of spans) {
      for (const h of hoursOfSpan({ startMs: s.startedAt.getTime(), endMs: s.endedAt?.getTime() ?? null }, fromMs, toMs)) {
        keys.set(`${s.deploymentId}@${h}`, { deploymentId: s.deploymentId, hour: new Date(h) });
      }
    }
    return this.store.gpu.ensureHours([...keys.values()]);
  }

  private async runPass(now: number): Promise<GpuPassResult> {
    await this.prices.whenLoaded();
    const result: GpuPassResult = { queued: 0, spread: 0, busy: 0, failed: 0 };
    if (this.closed) return result;
    const cutoff = floorHourMs(now - this.config.GPU_SPREAD_GRACE_MS);
    const from = cutoff - this.config.GPU_SPREAD_LOOKBACK_HOURS * HOUR_MS;
    const book = this.prices.current;
    result.queued = await this.queueSpanHours(book.gpuPricedDeployments(), from, cutoff);
    await this.store.gpu.pruneRemovals(new Date(now - REMOVAL_RETENTION_DAYS * 24 * HOUR_MS));
    const touched = new Map<string, TouchedBudget>();
    for (let batch = await this.store.gpu.pending(new Date(cutoff), 500); batch.length > 0 && !this.closed; ) {
      for (const key of batch) {
        if (this.closed) break;
        try {
          const outcome = await this.store.gpu.spreadHour(key, (input) =>
            planGpuHour(input, book.gpuRates(key.deploymentId), book.deployment(key.deploymentId), book.currencyOf(input.spans[0]?.workspaceId ?? '')),
          );
          if (outcome.outcome === 'spread') result.spread++;
          if (outcome.outcome === 'busy') result.busy++;
          for (const t of outcome.touched) touched.set(`${t.workspaceId}|${t.apiKeyId}|${t.period}`, t);
        } catch (error) {
          // One hour that cannot be booked (it stays queued, retried next pass) must not hold up every other one.
          result.failed++;
          this.logger.error({ deploymentId: key.deploymentId, hour: key.hour.toISOString(), err: (error as Error).message }, 'GPU hour not spread; will retry');
        }
      }
      if (batch.length < 500 || result.busy + result.failed > 0) break;
      batch = await this.store.gpu.pending(new Date(cutoff), 500);
    }
    if (result.spread > 0) {
      this.spreadHours.inc(result.spread);
      this.logger.info(result, 'GPU-hour costs spread');
    }
    // GPU time is spend like any other: budgets see it as soon as it is booked.
    if (touched.size > 0) await this.budgets.check([...touched.values()]);
    return result;
  }
}
