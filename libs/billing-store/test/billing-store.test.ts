import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestSchema, type TestSchema } from '@switchyard/testing';
import { BillingStore, monthBounds, type LedgerEvent } from '../src';

function event(i: number, over: Partial<LedgerEvent> = {}): LedgerEvent {
  return {
    requestId: `r-${i}`,
    time: new Date(Date.UTC(2026, 9, 31, 22, 30) + i * 60_000).toISOString(), // crosses midnight and the month end
    workspaceId: i % 2 === 0 ? 'ws-a' : 'ws-b',
    userId: 'u-1',
    apiKeyId: `key-${i % 3}`,
    route: 'chat',
    model: 'chat',
    upstreamModel: i % 4 === 0 ? 'gpt-4o' : 'llama',
    targetKind: i % 4 === 0 ? 'provider' : 'deployment',
    deploymentId: i % 4 === 0 ? '' : 'dep-1',
    providerId: i % 4 === 0 ? 'prov-1' : '',
    providerKeyId: '',
    instanceId: '',
    endpoint: 'chat',
    promptTokens: 100 + i,
    cachedPromptTokens: 0,
    completionTokens: 10,
    latencyMs: 5,
    ttftMs: null,
    statusCode: 200,
    outcome: 'ok',
    estimated: false,
    priceId: 'p-1',
    currency: 'USD',
    cost: '0.000000000001',
    ...over,
  };
}

describe('billing store', () => {
  let schema: TestSchema;
  let store: BillingStore;
  before(async () => {
    schema = await createTestSchema('billing');
    store = BillingStore.create({ databaseUrl: schema.url });
    await store.migrate();
    await store.migrate(); // idempotent
  });
  after(async () => {
    await store.close();
    await schema.drop();
  });

  it('ingests once per request id, including duplicates inside one batch and across batches', async () => {
    const batch = Array.from({ length: 200 }, (_, i) => event(i));
    const first = await store.ingest([...batch, batch[0], batch[1]]);
    assert.equal(first.inserted, 200);
    assert.equal(first.duplicates, 2);
    const again = await store.ingest(batch);
    assert.equal(again.inserted, 0);
    assert.deepEqual(again.touched, []);
    const totals = await store.ledgerTotals(new Date(Date.UTC(2026, 0, 1)), new Date(Date.UTC(2027, 0, 1)));
    assert.equal(totals.events, 200);
    assert.equal(totals.cost, '0.000000000200');
  });

  it('keeps roll-ups equal to the ledger under concurrent, overlapping ingests', async () => {
    const batches = [0, 1, 2, 3].map((b) => Array.from({ length: 300 }, (_, i) => event(1_000 + ((b * 150 + i) % 900), { cost: '0.333333333333' })));
    await Promise.all(batches.map((b) => store.ingest(b)));
    const from = new Date(Date.UTC(2026, 0, 1));
    const to = new Date(Date.UTC(2027, 0, 1));
    const ledger = await store.ledgerTotals(from, to);
    const rows = await store.report({ from, to, groupBy: 'workspace', granularity: 'month', workspaceIds: null });
    const requests = rows.reduce((s, r) => s + r.requests, 0);
    assert.equal(requests, ledger.events);
    assert.equal(ledger.events, 200 + 750);
    const cost = rows.reduce((s, r) => s + BigInt(r.cost.replace('.', '')), 0n);
    assert.equal(cost, BigInt(ledger.cost.replace('.', '')));
  });

  it('groups by every dimension and granularity, and filters by workspace', async () => {
    const from = new Date(Date.UTC(2026, 9, 1));
    const to = new Date(Date.UTC(2026, 11, 1));
    const byMonth = await store.report({ from, to, groupBy: 'workspace', granularity: 'month', workspaceIds: ['ws-a'] });
    assert.ok(byMonth.length >= 2, 'October and November');
    assert.ok(byMonth.every((r) => r.group === 'ws-a'));
    assert.deepEqual([...new Set(byMonth.map((r) => r.period))], ['2026-10-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z']);
    const byProvider = await store.report({ from, to, groupBy: 'provider', granularity: 'day', workspaceIds: null });
    assert.deepEqual([...new Set(byProvider.map((r) => r.group))].sort(), ['prov-1', 'self-hosted']);
    const byModel = await store.report({ from, to, groupBy: 'model', granularity: 'hour', workspaceIds: null });
    assert.deepEqual([...new Set(byModel.map((r) => r.group))].sort(), ['gpt-4o', 'llama']);
    for (const g of ['user', 'apiKey', 'route'] as const) {
      const rows = await store.report({ from, to, groupBy: g, granularity: 'day', workspaceIds: null });
      assert.ok(rows.length > 0, g);
    }
    const none = await store.report({ from, to, groupBy: 'workspace', granularity: 'day', workspaceIds: ['nobody'] });
    assert.deepEqual(none, []);
  });

  it('rebuilds the roll-ups of a period from the ledger (replay)', async () => {
    const from = new Date(Date.UTC(2026, 9, 1));
    const to = new Date(Date.UTC(2026, 11, 1));
    const before = await store.report({ from, to, groupBy: 'apiKey', granularity: 'hour', workspaceIds: null });
    await schema.exec(`UPDATE cost_rollup SET cost = 999, requests = 7`);
    const result = await store.replay(from, to);
    assert.equal(result.events, 950);
    const after = await store.report({ from, to, groupBy: 'apiKey', granularity: 'hour', workspaceIds: null });
    assert.deepEqual(after, before);
  });

  it('sums the month-to-date spend per workspace and key, and raises each alert once', async () => {
    const spend = await store.spend('workspace', 'ws-a', '2026-11');
    assert.equal(spend.length, 1);
    assert.equal(spend[0].currency, 'USD');
    assert.ok(Number(spend[0].cost) > 0);
    assert.deepEqual(await store.spend('api-key', 'nobody', '2026-11'), []);
    assert.equal(await store.markAlert('workspace', 'ws-a', '2026-11', 80), true);
    assert.equal(await store.markAlert('workspace', 'ws-a', '2026-11', 80), false);
    assert.equal(await store.markAlert('workspace', 'ws-a', '2026-12', 80), true);
  });

  it('stores hostile strings verbatim', async () => {
    const evil = `'); DROP TABLE usage_event; -- <script>`;
    await store.ingest([event(5_000, { route: evil, workspaceId: 'ws-evil' })]);
    const rows = await store.report({ from: new Date(0), to: new Date(Date.UTC(2030, 0)), groupBy: 'route', granularity: 'month', workspaceIds: ['ws-evil'] });
    assert.equal(rows[0].group, evil);
  });

  it('computes month bounds in UTC and refuses bad periods', () => {
    assert.deepEqual(monthBounds('2026-12'), { start: new Date('2026-12-01T00:00:00Z'), end: new Date('2027-01-01T00:00:00Z') });
    assert.throws(() => monthBounds('2026-1'));
    assert.throws(() => monthBounds("2026-01'"));
  });
});
