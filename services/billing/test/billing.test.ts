import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { namespacedSubject, decodeEvent, type UsageRecordInput } from '@switchyard/contracts';
import { createLogger } from '@switchyard/observability';
import { waitFor } from '@switchyard/testing';
import { createUsageProducer, type UsageProducer } from '@switchyard/usage-stream';
import { BillingHarness, SERVICE_TOKEN } from './support/billing-harness';
import { catalog, DEP_A, DEP_B, KEY_A, PRICE_CHANGE_AT, WS_A, WS_B } from './support/catalog.fixture';

const logger = createLogger({ service: 'billing-test', level: 'silent' });
const TOTAL = Number(process.env.BILLING_TEST_RECORDS ?? 100_000);
const PERIOD_START = Date.parse('2026-11-01T00:00:00.000Z');
const CHANGE = Date.parse(PRICE_CHANGE_AT);

function record(i: number): UsageRecordInput {
  // Spread over November: the first half before the price change, the second after; A and B alternate.
  const t = PERIOD_START + Math.floor((i / TOTAL) * 2 * (CHANGE - PERIOD_START));
  const a = i % 2 === 0;
  return {
    requestId: `req-${i}`, time: new Date(t).toISOString(), workspaceId: a ? WS_A : WS_B, apiKeyId: a ? KEY_A : undefined,
    route: 'chat', targetKind: 'deployment', deploymentId: a ? DEP_A : DEP_B, model: 'chat', endpoint: 'chat',
    promptTokens: 1_000, cachedPromptTokens: 0, completionTokens: 500, latencyMs: 3, statusCode: 200, outcome: 'ok',
    estimated: false, stream: false, attempts: 1, gatewayId: 'gw',
  };
}

describe('billing service (real PostgreSQL, NATS JetStream)', () => {
  let h: BillingHarness;
  let producer: UsageProducer;
  const budgetEvents: string[] = [];

  before(async () => {
    h = await BillingHarness.create();
    h.snapshot = catalog(h.snapshot, { workspace: '0.01', key: '1000000' });
    h.users.set('member-a', { platformAdmin: false, memberships: [{ workspaceId: WS_A, role: 'member' }] });
    h.users.set('finance-ab', { platformAdmin: false, memberships: [{ workspaceId: WS_A, role: 'finance' }, { workspaceId: WS_B, role: 'finance' }] });
    h.users.set('outsider', { platformAdmin: false, memberships: [] });
    const sub = h.nc.subscribe(namespacedSubject(h.namespace, 'sy.budget.>'));
    void (async () => {
      for await (const m of sub) budgetEvents.push(decodeEvent(m.data).type);
    })();
    await h.start();
    // The test sends everything at once: a buffer larger than the burst (the default 100k would drop the oldest, by design).
    producer = await createUsageProducer({ namespace: h.namespace, logger, clientId: 'gw-test', maxBuffer: 2 * TOTAL + 1_000 });
  });

  after(async () => {
    await producer?.close();
    await h?.close();
  });

  it(`bills ${TOTAL} records exactly once while billing restarts twice, with redeliveries`, async () => {
    for (let i = 0; i < TOTAL; i++) {
      producer.send(record(i));
      if (i % 10 === 0) producer.send(record(i)); // a gateway retry after a lost ack: same request id
    }
    const count = async () => Number((await h.schema.query('SELECT count(*)::int AS n FROM usage_event'))[0]?.n);
    await waitFor('a third of the records', async () => (await count()) >= TOTAL / 3, { timeoutMs: 240_000, intervalMs: 100 });
    await h.stop();
    await h.start();
    await waitFor('two thirds of the records', async () => (await count()) >= (2 * TOTAL) / 3, { timeoutMs: 240_000, intervalMs: 100 });
    await h.stop();
    await h.start();
    await producer.flush(120_000);
    assert.equal(producer.stats().dropped, 0, 'the producer dropped records');
    await waitFor('every record', async () => (await count()) >= TOTAL, { timeoutMs: 240_000, intervalMs: 200 });
    await new Promise((r) => setTimeout(r, 1_000)); // anything in flight would show up now
    assert.equal(await count(), TOTAL);
    const [sums] = await h.schema.query(
      `SELECT (SELECT sum(requests) FROM cost_rollup)::bigint AS rollup_requests, (SELECT sum(cost) FROM cost_rollup)::text AS rollup_cost,
              (SELECT sum(cost) FROM usage_event)::text AS ledger_cost`,
    );
    assert.equal(Number(sums.rollup_requests), TOTAL);
    assert.equal(sums.rollup_cost, sums.ledger_cost);
  });

  it('splits the cost at the mid-period price change', async () => {
    const rows = await h.schema.query(
      `SELECT (time >= '${PRICE_CHANGE_AT}') AS after_change, count(*)::int AS n, sum(cost)::text AS cost, min(cost)::text AS lo, max(cost)::text AS hi
       FROM usage_event GROUP BY 1 ORDER BY 1`,
    );
    // 1,000 in x 1 + 500 out x 2 per million = 0.002; after the change 1,000 x 2 + 500 x 4 = 0.004
    assert.equal(rows[0].lo, '0.002000000000');
    assert.equal(rows[0].hi, '0.002000000000');
    assert.equal(rows[1].lo, '0.004000000000');
    assert.equal(rows[1].hi, '0.004000000000');
    assert.equal(Number(rows[0].n) + Number(rows[1].n), TOTAL);
  });

  it('reports totals equal to the ledger, per workspace, for the service identity', async () => {
    const res = await h.get('/api/v1/reports/costs?from=2026-11-01&to=2026-12-01&groupBy=workspace&granularity=month', SERVICE_TOKEN);
    assert.equal(res.status, 200);
    const body = JSON.parse(res.body) as { rows: Array<{ group: string; requests: number; cost: string }>; totals: Array<{ requests: number; cost: string }> };
    const [ledger] = await h.schema.query('SELECT sum(cost)::text AS cost FROM usage_event');
    assert.equal(body.totals[0].requests, TOTAL);
    assert.equal(body.totals[0].cost, ledger.cost);
    assert.deepEqual(body.rows.map((r) => r.group).sort(), [WS_A, WS_B].sort());
  });

  it('answers CSV that a spreadsheet opens: header row, ISO times, one row per group and period', async () => {
    const res = await h.get('/api/v1/reports/costs?from=2026-11-01T00:00:00Z&to=2026-11-03T00:00:00Z&groupBy=apiKey&granularity=day&format=csv', SERVICE_TOKEN);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/csv/);
    assert.match(res.headers.get('content-disposition') ?? '', /attachment; filename="costs-apiKey-day-2026-11-01-2026-11-03.csv"/);
    const lines = res.body.trimEnd().split('\r\n');
    assert.equal(lines[0], 'period_start,api_key_id,currency,requests,prompt_tokens,cached_prompt_tokens,completion_tokens,cost,gpu_cost');
    assert.equal(lines.length, 1 + 2 * 2, 'two days x (key A, no key)');
    assert.match(lines[1], /^2026-11-01T00:00:00\.000Z,/);
  });

  it('shows tenants only their own workspaces; another tenant\'s is 404; no token is 401', async () => {
    const mine = await h.get('/api/v1/reports/costs?from=2026-11-01&to=2026-12-01&groupBy=workspace&granularity=month', 'member-a');
    assert.equal(mine.status, 200);
    assert.deepEqual((JSON.parse(mine.body) as { rows: Array<{ group: string }> }).rows.map((r) => r.group), [WS_A]);
    const theirs = await h.get(`/api/v1/reports/costs?from=2026-11-01&to=2026-12-01&workspaceId=${WS_B}`, 'member-a');
    assert.equal(theirs.status, 404);
    const finance = await h.get('/api/v1/reports/costs?from=2026-11-01&to=2026-12-01&groupBy=workspace&granularity=month', 'finance-ab');
    assert.equal((JSON.parse(finance.body) as { rows: unknown[] }).rows.length, 2);
    const nobody = await h.get('/api/v1/reports/costs?from=2026-11-01&to=2026-12-01', 'outsider');
    assert.deepEqual((JSON.parse(nobody.body) as { rows: unknown[] }).rows, []);
    assert.equal((await h.get('/api/v1/reports/costs?from=2026-11-01&to=2026-12-01')).status, 401);
    assert.equal((await h.get('/api/v1/reports/costs?from=2026-11-01&to=2026-12-01', 'forged')).status, 401);
  });

  it('refuses bad parameters with 400 naming the parameter', async () => {
    const cases: Array<[string, string]> = [
      ['from=yesterday&to=2026-12-01', 'from'],
      ['to=2026-12-01', 'from'],
      ['from=2026-12-01&to=2026-11-01', 'to'],
      ['from=2026-11-01&to=2026-12-01&groupBy=color', 'groupBy'],
      ['from=2026-11-01&to=2026-12-01&granularity=week', 'granularity'],
      ['from=2026-11-01&to=2026-12-01&format=xml', 'format'],
      ['from=2026-11-01&to=2026-12-01&drop=table', 'drop'],
      ["from=2026-11-01'%20OR%201=1--&to=2026-12-01", 'from'],
      ['from=2000-01-01&to=2026-12-01', 'to'],
    ];
    for (const [qs, field] of cases) {
      const res = await h.get(`/api/v1/reports/costs?${qs}`, SERVICE_TOKEN);
      assert.equal(res.status, 400, qs);
      const body = JSON.parse(res.body) as { error: { field: string; message: string } };
      assert.equal(body.error.field, field, qs);
    }
  });

  it('raises the soft alert and BudgetExceeded once for the over-budget workspace, never for the unlimited key', async () => {
    await waitFor('budget events', () => budgetEvents.includes('BudgetExceeded'), { timeoutMs: 10_000 });
    assert.equal(budgetEvents.filter((t) => t === 'BudgetExceeded').length, 1);
    assert.equal(budgetEvents.filter((t) => t === 'BudgetThresholdReached').length, 1);
    const alerts = await h.schema.query(`SELECT scope, threshold FROM budget_alert ORDER BY threshold`);
    assert.deepEqual(alerts.map((a) => `${a.scope}:${a.threshold}`), ['workspace:50', 'workspace:100']);
  });

  it('is ready with its dependencies and exposes ingestion metrics', async () => {
    assert.equal((await h.get('/readyz')).status, 200);
    const metrics = await h.get('/metrics');
    assert.match(metrics.body, /switchyard_billing_usage_records_ingested_total/);
  });
});
