import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { PriceSnapshot, UsageRecordInput } from '@switchyard/contracts';
import { PriceBook } from './price-book';
import { toLedgerEntry } from './ledger-entry';

const price = (id: string, over: Partial<PriceSnapshot>): PriceSnapshot => ({
  id, inputPerMTok: '1', cachedInputPerMTok: '0.5', outputPerMTok: '2', currency: 'USD', effectiveFrom: '2026-01-01T00:00:00Z', ...over,
});

function book(): PriceBook {
  return PriceBook.from({
    workspaces: [{ id: 'ws', currency: 'EUR' }],
    models: [
      { id: 'm-global', workspaceId: null, name: 'llama', kind: 'chat', contextWindow: 8192 },
      { id: 'm-ws', workspaceId: 'ws', name: 'llama', kind: 'chat', contextWindow: 8192 },
      { id: 'm-gpt', workspaceId: 'ws', name: 'gpt-4o', kind: 'chat', contextWindow: 128000 },
    ],
    deployments: [{ id: 'dep', workspaceId: 'ws', model: 'llama' }, { id: 'dep-own', workspaceId: 'ws', model: 'llama' }],
    providers: [{ id: 'prov', workspaceId: 'ws', models: [
      { id: 'pm-1', name: 'gpt-4o', upstreamName: 'gpt-4o-2024-08-06', modelId: 'm-gpt' },
      { id: 'pm-2', name: 'gpt-mini', upstreamName: 'gpt-4o-mini', modelId: null },
    ] }],
    prices: [
      price('p-global', { modelId: 'm-global', inputPerMTok: '9' }),
      price('p-ws-old', { modelId: 'm-ws', inputPerMTok: '1' }),
      price('p-ws-new', { modelId: 'm-ws', inputPerMTok: '3', effectiveFrom: '2026-06-15T12:00:00Z' }),
      price('p-dep', { deploymentId: 'dep-own', inputPerMTok: '7' }),
      price('p-pm1', { providerModelId: 'pm-1', inputPerMTok: '2.5', currency: 'USD' }),
      price('p-gpt', { modelId: 'm-gpt', inputPerMTok: '99' }),
    ],
  });
}

const rec = (over: Partial<UsageRecordInput>): UsageRecordInput => ({
  requestId: 'r', time: '2026-06-01T00:00:00Z', workspaceId: 'ws', route: 'chat', model: 'chat', endpoint: 'chat',
  promptTokens: 1_000_000, cachedPromptTokens: 0, completionTokens: 0, latencyMs: 1, statusCode: 200, outcome: 'ok',
  estimated: false, stream: false, attempts: 1, gatewayId: 'g', ...over,
});

describe('price book', () => {
  it('prices a deployment by its model, the workspace model before the platform-wide one', () => {
    assert.equal(book().resolve(rec({ deploymentId: 'dep' }))?.price.id, 'p-ws-old');
  });

  it('splits a period at a price change', () => {
    const b = book();
    assert.equal(b.resolve(rec({ deploymentId: 'dep', time: '2026-06-15T11:59:59.999Z' }))?.price.id, 'p-ws-old');
    assert.equal(b.resolve(rec({ deploymentId: 'dep', time: '2026-06-15T12:00:00Z' }))?.price.id, 'p-ws-new');
  });

  it("prefers a deployment's own price", () => {
    assert.deepEqual(book().resolve(rec({ deploymentId: 'dep-own' }))?.via, 'deployment');
  });

  it('prices a provider model by upstream name, falling back to its logical model', () => {
    const b = book();
    assert.equal(b.resolve(rec({ providerId: 'prov', upstreamModel: 'gpt-4o-2024-08-06' }))?.price.id, 'p-pm1');
    b.removePrice('p-pm1');
    assert.equal(b.resolve(rec({ providerId: 'prov', upstreamModel: 'gpt-4o-2024-08-06' }))?.price.id, 'p-gpt');
    assert.equal(b.resolve(rec({ providerId: 'prov', upstreamModel: 'gpt-4o-mini' })), undefined);
    assert.equal(b.resolve(rec({ providerId: 'unknown', upstreamModel: 'x' })), undefined);
  });

  it('has no price before the first effective date', () => {
    assert.equal(book().resolve(rec({ deploymentId: 'dep', time: '2025-12-31T23:59:59Z' })), undefined);
  });

  it('replaces a re-sent price instead of duplicating it', () => {
    const b = book();
    const n = b.size;
    b.upsertPrice(price('p-ws-new', { modelId: 'm-ws', inputPerMTok: '4', effectiveFrom: '2026-06-15T12:00:00Z' }));
    assert.equal(b.size, n);
    assert.equal(b.resolve(rec({ deploymentId: 'dep', time: '2026-07-01T00:00:00Z' }))?.price.inputPerMTok, '4');
  });

  it('turns a record into a priced ledger entry, and unpriced ones into zero-cost entries in the workspace currency', () => {
    const b = book();
    const priced = toLedgerEntry(rec({ deploymentId: 'dep', promptTokens: 2_000_000, completionTokens: 500_000 }), b);
    assert.equal(priced?.cost, '3.000000000000'); // 2M x 1 + 0.5M x 2 per million
    assert.equal(priced?.priceId, 'p-ws-old');
    const unpriced = toLedgerEntry(rec({ providerId: 'prov', upstreamModel: 'gpt-4o-mini' }), b);
    assert.equal(unpriced?.cost, '0.000000000000');
    assert.equal(unpriced?.priceId, null);
    assert.equal(unpriced?.currency, 'EUR');
    assert.equal(toLedgerEntry(rec({ workspaceId: '', outcome: 'rejected' }), b), undefined);
  });
});
