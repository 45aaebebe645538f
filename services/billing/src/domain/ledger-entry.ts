import { isIdleRequestId, type LedgerEvent } from '@switchyard/billing-store';
import type { UsageRecordInput } from '@switchyard/contracts';
import { costPicos, picosToDecimal } from './money';
import type { PriceBook } from './price-book';

/** The ledger row of one usage record, priced: the store's LedgerEvent (one shape, one definition). */
export type PricedRecord = LedgerEvent;

/**
 * Prices one record by the price in effect at its time. Records without a price are still recorded (tokens are
 * facts) at cost 0 with priceId null, so they show in reports and can be repriced by a replay after a price is
 * added. Rejected requests carry no workspace; they are not billable and return undefined.
 */
export function toLedgerEntry(record: UsageRecordInput, book: PriceBook): PricedRecord | undefined {
  if (!record.workspaceId) return undefined;
  // Idle GPU rows are billing's own; a record claiming such an id is not a request (and must not take its place).
  if (isIdleRequestId(record.requestId)) return undefined;
  const resolved = book.resolve(record);
  const cost = resolved ? costPicos(record, resolved.price) : 0n;
  return {
    requestId: record.requestId,
    time: record.time,
    workspaceId: record.workspaceId,
    userId: record.userId ?? '',
    apiKeyId: record.apiKeyId ?? '',
    route: record.route,
    model: record.model,
    upstreamModel: record.upstreamModel ?? '',
    targetKind: record.targetKind ?? '',
    deploymentId: record.deploymentId ?? '',
    providerId: record.providerId ?? '',
    providerKeyId: record.providerKeyId ?? '',
    instanceId: record.instanceId ?? '',
    endpoint: record.endpoint,
    promptTokens: record.promptTokens,
    cachedPromptTokens: record.cachedPromptTokens,
    completionTokens: record.completionTokens,
    latencyMs: record.latencyMs,
    ttftMs: record.ttftMs ?? null,
    statusCode: record.statusCode,
    outcome: record.outcome,
    estimated: record.estimated,
    priceId: resolved?.price.id ?? null,
    currency: resolved?.price.currency ?? book.currencyOf(record.workspaceId),
    cost: picosToDecimal(cost),
  };
}
