import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  createEnvelope,
  decodeEvent,
  encodeEvent,
  namespacedSubject,
  Subjects,
  type EventEnvelope,
  type EventPayloads,
  type EventType,
  type PriceSnapshot,
  type UsageRecordInput,
} from '@switchyard/contracts';
import { createLogger } from '@switchyard/observability';
import { waitFor } from '@switchyard/testing';
import { createUsageProducer, type UsageProducer } from '@switchyard/usage-stream';
import { BillingHarness, SERVICE_TOKEN } from './support/billing-harness';
import { deployment, WS_A, WS_B } from './support/catalog.fixture';

// GPU-hour pricing end to end: instance events on the real control stream open and close spans, usage records
// through the real usage stream, the spreading pass on a short interval, reports over HTTP, all against the real
// PostgreSQL schema. Times are hours in the past so the hours are closed.
const logger = createLogger({ service: 'billing-gpu-test', level: 'silent' });
const HOUR = 3_600_000;
const MIN = 60_000;
const H = Math.floor(Date.now() / HOUR) * HOUR - 3 * HOUR; // hour H .. H+2 closed, H+3 the current one
const DEP = 'dddddddd-0000-4000-8000-0000000000a1';
const GPU_PRICE: PriceSnapshot = {
  id: 'pppppppp-0000-4000-8000-0000000000a1', deploymentId: DEP, inputPerMTok: '0', cachedInputPerMTok: '0', outputPerMTok: '0',
  currency: 'USD', effectiveFrom: new Date(H - 24 * HOUR).toISOString(), gpuHour: '3.00',
};
/** Workspace B: a GPU-priced deployment that serves nothing (idle hours only) and a 1.00 monthly budget. */
const DEP_IDLE = 'dddddddd-0000-4000-8000-0000000000b1';
const IDLE_PRICE: PriceSnapshot = { ...GPU_PRICE, id: 'pppppppp-0000-4000-8000-0000000000b1', deploymentId: DEP_IDLE, gpuHour: '2.00' };
const iso = (ms: number) => new Date(ms).toISOString();

function usage(id: string, atMs: number, tokens: number): UsageRecordInput {
  return {
    requestId: id, time: iso(atMs), workspaceId: WS_A, route: 'llama', targetKind: 'deployment', deploymentId: DEP,
    model: 'llama', endpoint: 'chat', promptTokens: tokens - 10, cachedPromptTokens: 0, completionTokens: 10, latencyMs: 3,
    statusCode: 200, outcome: 'ok', estimated: false, stream: false, attempts: 1, gatewayId: 'gw',
  };
}

describe('GPU-hour pricing (real PostgreSQL, NATS JetStream)', () => {
  let h: BillingHarness;
  let producer: UsageProducer;
  let version = 0;
  const budgetExceeded: Array<EventEnvelope<'BudgetExceeded'>> = [];

  async function publish<T extends EventType>(type: T, data: EventPayloads[T], atMs: number, aggregateId: string): Promise<void> {
    const env = createEnvelope(type, data, { source: 'scheduler', workspaceId: WS_A, aggregateId, aggregateVersion: ++version, time: iso(atMs) });
    await h.nc.jetstream().publish(namespacedSubject(h.namespace, Subjects[type]), encodeEvent(env), { msgID: env.id });
  }
  const registered = (instanceId: string, atMs: number) =>
    publish('InstanceRegistered', { instanceId, deploymentId: DEP, url: `http://10.0.0.1/${instanceId}`, revision: 1, weight: 1, priority: 'primary', driver: 'static' }, atMs, instanceId);
  const removed = (instanceId: string, atMs: number) => publish('InstanceRemoved', { instanceId, deploymentId: DEP, reason: 'scaled down' }, atMs, instanceId);

  async function hourCosts(): Promise<Map<number, { cost: string; idle: string; dirty: boolean }>> {
    const rows = await h.schema.query(`SELECT hour, cost::text AS cost, idle_cost::text AS idle, dirty FROM gpu_allocation WHERE deployment_id = '${DEP}' ORDER BY hour`);
    return new Map(rows.map((r) => [(r.hour as Date).getTime(), { cost: r.cost as string, idle: r.idle as string, dirty: r.dirty as boolean }]));
  }
  async function assertRollupsEqualLedger(): Promise<void> {
    const [s] = await h.schema.query(
      `SELECT (SELECT coalesce(sum(cost), 0) FROM cost_rollup)::text AS rollup, (SELECT coalesce(sum(cost), 0) FROM usage_event)::text AS ledger,
              (SELECT coalesce(sum(gpu_cost), 0) FROM cost_rollup)::text AS rollup_gpu, (SELECT coalesce(sum(gpu_cost), 0) FROM usage_event)::text AS ledger_gpu,
              (SELECT coalesce(sum(requests), 0) FROM cost_rollup)::int AS requests,
              (SELECT count(*) FROM usage_event WHERE endpoint <> 'gpu-idle')::int AS events`,
    );
    assert.equal(s.rollup, s.ledger, 'roll-up cost = ledger cost');
    assert.equal(s.rollup_gpu, s.ledger_gpu, 'roll-up GPU cost = ledger GPU cost');
    assert.equal(s.requests, s.events, 'idle rows are not requests');
  }
  async function gpuShare(requestId: string): Promise<string> {
    return (await h.schema.query(`SELECT gpu_cost::text AS c FROM usage_event WHERE request_id = '${requestId}'`))[0]?.c as string;
  }

  before(async () => {
    h = await BillingHarness.create();
    h.snapshot = {
      ...h.snapshot,
      version: 2,
      workspaces: [
        { id: WS_A, name: 'A', slug: 'a', disabled: false, monthlyBudget: null, currency: 'USD', budgetAlertPercents: [] },
        { id: WS_B, name: 'B', slug: 'b', disabled: false, monthlyBudget: '1', currency: 'USD', budgetAlertPercents: [] },
      ],
      deployments: [
        { ...deployment(DEP, WS_A), resources: { cpuCores: 8, memoryGb: 64, gpuCount: 2, gpuType: 'NVIDIA L4', storageGb: 100, bandwidthMbps: 1000 } },
        { ...deployment(DEP_IDLE, WS_B), resources: { cpuCores: 8, memoryGb: 64, gpuCount: 1, gpuType: 'NVIDIA L4', storageGb: 100, bandwidthMbps: 1000 } },
      ],
      prices: [GPU_PRICE, IDLE_PRICE],
    };
    const sub = h.nc.subscribe(namespacedSubject(h.namespace, 'sy.budget.exceeded'));
    void (async () => {
      for await (const m of sub) budgetExceeded.push(decodeEvent(m.data) as EventEnvelope<'BudgetExceeded'>);
    })();
    h.users.set('member-a', { platformAdmin: false, memberships: [{ workspaceId: WS_A, role: 'member' }] });
    await h.start({ GPU_SPREAD_INTERVAL_MS: '200', GPU_SPREAD_GRACE_MS: '1000' });
    producer = await createUsageProducer({ namespace: h.namespace, logger, clientId: 'gw-gpu-test' });
  });

  after(async () => {
    await producer?.close();
    await h?.close();
  });

  it('charges registered GPU time hour by hour, spread over the tokens served, idle hours booked as idle', async () => {
    // i-1: H-30m .. H+30m; i-2: H+15m .. still running. 2 GPUs each, 3.00 per GPU-hour.
    await registered('i-1', H - 30 * MIN);
    await registered('i-2', H + 15 * MIN);
    await removed('i-1', H + 30 * MIN);
    await registered('i-1', H - 30 * MIN); // the registration again (a scheduler resync re-announcing it): no new span
    await removed('i-1', H + 30 * MIN);
    producer.send(usage('g-1', H + 20 * MIN, 100));
    producer.send(usage('g-2', H + 40 * MIN, 200));
    producer.send(usage('g-3', H + 50 * MIN, 700));
    producer.send(usage('g-3', H + 50 * MIN, 700)); // redelivery: no double share either
    await producer.flush(10_000);

    // H-1: i-1 30 min x 2 GPUs = 1 GPU-hour = 3.00, idle. H: i-1 30m x 2 + i-2 45m x 2 = 2.5 GPU-hours = 7.50.
    // H+1, H+2: i-2 2 GPU-hours = 6.00 each, idle. The current hour is not spread yet.
    // The spans may be spread before the records arrive (H as idle first): their arrival re-queues H.
    await waitFor('the records in the ledger', async () => (await h.schema.query("SELECT count(*)::int AS n FROM usage_event WHERE endpoint = 'chat'"))[0].n === 3, { timeoutMs: 20_000 });
    await waitFor('four hours spread', async () => {
      const costs = await hourCosts();
      return [H - HOUR, H, H + HOUR, H + 2 * HOUR].every((x) => costs.get(x) && !costs.get(x)?.dirty) && costs.get(H)?.idle === '0.000000000000';
    }, { timeoutMs: 20_000 });
    const costs = await hourCosts();
    assert.deepEqual(costs.get(H - HOUR), { cost: '3.000000000000', idle: '3.000000000000', dirty: false });
    assert.deepEqual(costs.get(H), { cost: '7.500000000000', idle: '0.000000000000', dirty: false });
    assert.deepEqual(costs.get(H + HOUR), { cost: '6.000000000000', idle: '6.000000000000', dirty: false });
    assert.deepEqual(costs.get(H + 2 * HOUR), { cost: '6.000000000000', idle: '6.000000000000', dirty: false });
    assert.equal(costs.has(H + 3 * HOUR), false, 'the open hour waits');
    // 7.50 over 100 : 200 : 700 tokens
    assert.equal(await gpuShare('g-1'), '0.750000000000');
    assert.equal(await gpuShare('g-2'), '1.500000000000');
    assert.equal(await gpuShare('g-3'), '5.250000000000');
    await assertRollupsEqualLedger();
  });

  it('counts GPU time against budgets: an idle deployment alone exceeds its workspace\'s 1.00', async () => {
    // No usage record ever reaches workspace B: only the spreading can notice the spend.
    await publish('InstanceRegistered', { instanceId: 'j-1', deploymentId: DEP_IDLE, url: 'http://10.0.0.2/', revision: 1, weight: 1, priority: 'primary', driver: 'static' }, H + HOUR, 'j-1');
    await publish('InstanceRemoved', { instanceId: 'j-1', deploymentId: DEP_IDLE, reason: 'stopped' }, H + 2 * HOUR, 'j-1');
    await waitFor('BudgetExceeded for B', async () => budgetExceeded.some((e) => e.data.workspaceId === WS_B), { timeoutMs: 15_000 });
    const event = budgetExceeded.find((e) => e.data.workspaceId === WS_B);
    assert.equal(event?.data.scope, 'workspace');
    assert.equal(event?.data.spent, '2.000000000000');
    assert.equal(budgetExceeded.some((e) => e.data.workspaceId === WS_A), false, 'A has no budget');
  });

  it('re-spreads an hour when a late record arrives; the hour still costs the same', async () => {
    producer.send(usage('g-late', H + 55 * MIN, 1_000));
    await producer.flush(10_000);
    await waitFor('the late record shares the hour', async () => (await gpuShare('g-late')) === '3.750000000000', { timeoutMs: 20_000 });
    assert.equal(await gpuShare('g-1'), '0.375000000000');
    assert.equal(await gpuShare('g-3'), '2.625000000000');
    assert.equal((await hourCosts()).get(H)?.cost, '7.500000000000');
    const [hour] = await h.schema.query(`SELECT sum(cost)::text AS c FROM usage_event WHERE deployment_id = '${DEP}' AND time >= '${iso(H)}' AND time < '${iso(H + HOUR)}'`);
    assert.equal(hour.c, '7.500000000000', 'token prices are 0: the hour is exactly its GPU cost');
    await assertRollupsEqualLedger();
  });

  it('reports the GPU cost per workspace, in JSON and CSV, equal to the ledger', async () => {
    const from = iso(H - HOUR).slice(0, 13) + ':00:00Z';
    const to = iso(H + 3 * HOUR).slice(0, 13) + ':00:00Z';
    const res = await h.get(`/api/v1/reports/costs?from=${from}&to=${to}&groupBy=workspace&granularity=hour`, 'member-a');
    assert.equal(res.status, 200, res.body);
    const body = JSON.parse(res.body) as { rows: Array<{ period: string; requests: number; cost: string; gpuCost: string }>; totals: Array<{ cost: string; gpuCost: string; requests: number }> };
    assert.deepEqual(body.rows.map((r) => [r.period, r.requests, r.cost, r.gpuCost]), [
      [iso(H - HOUR), 0, '3.000000000000', '3.000000000000'],
      [iso(H), 4, '7.500000000000', '7.500000000000'],
      [iso(H + HOUR), 0, '6.000000000000', '6.000000000000'],
      [iso(H + 2 * HOUR), 0, '6.000000000000', '6.000000000000'],
    ]);
    assert.equal(body.totals[0].cost, '22.500000000000');
    const csv = await h.get(`/api/v1/reports/costs?from=${from}&to=${to}&groupBy=workspace&granularity=day&format=csv`, SERVICE_TOKEN);
    assert.match(csv.body.split('\r\n')[0], /,cost,gpu_cost$/);
  });

  it('re-spreads the hours after a GPU price change from its effective time on', async () => {
    const cheaper: PriceSnapshot = { ...GPU_PRICE, id: 'pppppppp-0000-4000-8000-0000000000a2', effectiveFrom: iso(H + 2 * HOUR), gpuHour: '1.00' };
    h.snapshot = { ...h.snapshot, version: h.snapshot.version + 1, prices: [GPU_PRICE, cheaper] };
    await publish('PriceChanged', { priceId: cheaper.id, change: 'created', price: cheaper }, Date.now(), cheaper.id);
    await waitFor('H+2 at the new rate', async () => (await hourCosts()).get(H + 2 * HOUR)?.cost === '2.000000000000', { timeoutMs: 20_000 });
    const costs = await hourCosts();
    assert.equal(costs.get(H + HOUR)?.cost, '6.000000000000', 'hours before the change keep their rate');
    assert.equal(costs.get(H)?.cost, '7.500000000000');
    await assertRollupsEqualLedger();
  });

  it('closes every open span when the deployment is deleted', async () => {
    await publish('DeploymentDeleted', { deploymentId: DEP, name: 'llama-1', requestedBy: 'test' }, H + 2 * HOUR + 30 * MIN, DEP);
    await waitFor('H+2 now has half an hour of i-2', async () => (await hourCosts()).get(H + 2 * HOUR)?.cost === '1.000000000000', { timeoutMs: 20_000 });
    const open = await h.schema.query(`SELECT count(*)::int AS n FROM instance_span WHERE deployment_id = '${DEP}' AND ended_at IS NULL`);
    assert.equal(open[0].n, 0);
    const spans = await h.schema.query(`SELECT instance_id, gpus FROM instance_span WHERE deployment_id = '${DEP}' ORDER BY started_at`);
    assert.deepEqual(spans.map((s) => [s.instance_id, s.gpus]), [['i-1', 2], ['i-2', 2]], 'one span per registration, with the deployment\'s GPUs');
    await assertRollupsEqualLedger();
  });
});
