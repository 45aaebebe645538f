import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { UsageRecordInput } from '@switchyard/contracts';
import { toLedgerEntry } from './ledger-entry';
import { PriceBook } from './price-book';

const record = (over: Partial<UsageRecordInput> = {}): UsageRecordInput => ({
  requestId: 'a1b2c3', time: '2026-11-20T10:00:00.000Z', workspaceId: 'ws', route: 'chat', targetKind: 'deployment', deploymentId: 'd',
  model: 'llama', endpoint: 'chat', promptTokens: 1_000_000, cachedPromptTokens: 0, completionTokens: 0, latencyMs: 1, statusCode: 200,
  outcome: 'ok', estimated: false, stream: false, attempts: 1, gatewayId: 'gw', ...over,
});
const book = PriceBook.from({
  prices: [{ id: 'p', deploymentId: 'd', inputPerMTok: '2', cachedInputPerMTok: '1', outputPerMTok: '3', currency: 'EUR', effectiveFrom: '2026-01-01T00:00:00.000Z' }],
  models: [], deployments: [{ id: 'd', workspaceId: 'ws', model: 'llama' }], providers: [], workspaces: [{ id: 'ws', currency: 'USD' }],
});

describe('toLedgerEntry', () => {
  it('prices a record by the price in effect, in its currency', () => {
    const e = toLedgerEntry(record(), book);
    assert.equal(e?.cost, '2.000000000000');
    assert.equal(e?.currency, 'EUR');
    assert.equal(e?.priceId, 'p');
  });

  it('keeps an unpriced record at 0 in the workspace currency', () => {
    const e = toLedgerEntry(record({ time: '2025-06-01T00:00:00.000Z' }), book);
    assert.equal(e?.cost, '0.000000000000');
    assert.equal(e?.currency, 'USD');
    assert.equal(e?.priceId, null);
  });

  it('drops records without a workspace (rejected before auth) and records claiming an idle GPU row id', () => {
    assert.equal(toLedgerEntry(record({ workspaceId: '' }), book), undefined);
    assert.equal(toLedgerEntry(record({ requestId: 'gpu-idle:d:2026-11-20T10:00:00.000Z:EUR' }), book), undefined);
  });
});
