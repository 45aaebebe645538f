import { Inject, Injectable } from '@nestjs/common';
import type { BudgetExceeded, BudgetScope } from '@switchyard/contracts';
import type { BillingStore, TouchedBudget } from '@switchyard/billing-store';
import { EventPublisher } from '@switchyard/messaging';
import type { Logger } from '@switchyard/observability';
import { LOGGER } from '@switchyard/service-kit';
import { BILLING_CONFIG, type BillingConfig } from '../billing.config';
import { evaluateBudget } from '../domain/budget.policy';
import { PriceBookService } from '../prices/price-book.service';
import { BILLING_STORE } from '../billing.tokens';

const DEFAULT_ALERT_PERCENTS = [50, 80, 90];

/**
 * After each ledger commit: re-checks the month-to-date spend of every workspace and API key the batch touched.
 * Soft thresholds raise BudgetThresholdReached (and the webhook, if configured); the hard limit raises
 * BudgetExceeded, which the gateways enforce with 402. Each alert fires once per scope and period (the store
 * remembers), and a new month starts clean.
 */
@Injectable()
export class BudgetService {
  constructor(
    @Inject(BILLING_STORE) private readonly store: BillingStore,
    private readonly prices: PriceBookService,
    private readonly events: EventPublisher,
    @Inject(BILLING_CONFIG) private readonly config: BillingConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async check(touched: readonly TouchedBudget[]): Promise<void> {
    const seen = new Set<string>();
    for (const t of touched) {
      const workspace = this.prices.workspace(t.workspaceId);
      const alerts = workspace?.budgetAlertPercents?.length ? workspace.budgetAlertPercents : DEFAULT_ALERT_PERCENTS;
      const currency = workspace?.currency ?? 'USD';
      if (!seen.has(`w:${t.workspaceId}:${t.period}`)) {
        seen.add(`w:${t.workspaceId}:${t.period}`);
        await this.evaluate('workspace', t.workspaceId, t.workspaceId, null, workspace?.monthlyBudget ?? null, alerts, currency, t.period);
      }
      if (t.apiKeyId && !seen.has(`k:${t.apiKeyId}:${t.period}`)) {
        seen.add(`k:${t.apiKeyId}:${t.period}`);
        const key = this.prices.apiKey(t.apiKeyId);
        await this.evaluate('api-key', t.apiKeyId, t.workspaceId, t.apiKeyId, key?.monthlyBudget ?? null, alerts, currency, t.period);
      }
    }
  }

  private async evaluate(
    scope: BudgetScope,
    scopeId: string,
    workspaceId: string,
    apiKeyId: string | null,
    budget: string | null,
    alertPercents: readonly number[],
    currency: string,
    period: string,
  ): Promise<void> {
    if (budget === null) return;
    const spendRows = await this.store.spend(scope, scopeId, period);
    const spent = spendRows.find((r) => r.currency === currency)?.cost ?? '0';
    const decision = evaluateBudget({ budget, spent, alertPercents });
    const base: BudgetExceeded = { scope, workspaceId, apiKeyId, period, budget, spent, currency };
    const meta = { workspaceId, aggregateId: `${scope}:${scopeId}:${period}`, aggregateVersion: Date.now() };
    for (const threshold of decision.thresholds) {
      if (!(await this.store.markAlert(scope, scopeId, period, threshold))) continue;
      this.logger.info({ scope, scopeId, period, threshold }, 'budget threshold reached');
      await this.events.emit('BudgetThresholdReached', { ...base, thresholdPercent: threshold }, meta);
      void this.webhook({ event: 'BudgetThresholdReached', ...base, thresholdPercent: threshold });
    }
    if (decision.exceeded && (await this.store.markAlert(scope, scopeId, period, 100))) {
      this.logger.warn({ scope, scopeId, period, budget, spent }, 'budget exceeded');
      await this.events.emit('BudgetExceeded', base, meta);
      void this.webhook({ event: 'BudgetExceeded', ...base });
    }
  }

  private async webhook(body: Record<string, unknown>): Promise<void> {
    const url = this.config.BUDGET_WEBHOOK_URL;
    if (!url) return;
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(5_000),
      });
      if (!res.ok) this.logger.warn({ status: res.status }, 'budget webhook refused the alert');
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, 'budget webhook unreachable');
    }
  }
}
