import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from 'pg';
import { createTestSchema, type TestSchema } from '@switchyard/testing';
import { BillingStore, idleRequestId, type GpuHourInput, type GpuHourPlan, type LedgerEvent } from '../src';

// The GPU ledger against the real PostgreSQL: spans, the dirty queue, spreading with exact roll-up deltas, and a
// usage record that races a spread of its hour (it must re-queue the hour, never be left without its share).
const HOUR = 3_600_000;
const H = new Date(Date.UTC(2026, 10, 20, 10));
const DEP = 'dep-gpu';

function usage(id: string, minute: number, tokens: number, over: Partial<LedgerEvent> = {}): LedgerEvent {
  return {
    requestId: id, time: new Date(H.getTime() + minute * 60_000).toISOString(), workspaceId: 'ws-a', userId: 'u-1', apiKeyId: 'k-1',
    route: 'llama', model: 'llama', upstreamModel: '', targetKind: 'deployment', deploymentId: DEP, providerId: '', providerKeyId: '',
    instanceId: 'i-1', endpoint: 'chat', promptTokens: tokens, cachedPromptTokens: 0, completionTokens: 0, latencyMs: 1, ttftMs: null,
    statusCode: 200, outcome: 'ok', estimated: false, priceId: 'p-1', currency: 'USD', cost: '0.000001000000', ...over,
  };
}

/** A plan that gives every row an equal share of `total` micro-units (enough to check the bookkeeping). */
function equalPlan(total: number): (input: GpuHourInput) => GpuHourPlan {
  return (input) => {
    const served = input.events.filter((e) => !e.idle);
    const each = served.length > 0 ? total / served.length : 0;
    return {
      currency: 'USD', cost: total.toFixed(12), gpuMs: 0n, tokens: 0n,
      shares: new Map(served.map((e) => [e.requestId, each.toFixed(12)])),
      idle: (served.length > 0 ? 0 : total).toFixed(12),
      idleRow: { workspaceId: 'ws-a', model: 'llama', priceId: 'p-gpu' },
    };
  };
}

describe('GPU ledger (real PostgreSQL)', () => {
  let schema: TestSchema;
  let store: BillingStore;
  const sums = async () =>
    (await schema.query(`SELECT (SELECT coalesce(sum(cost),0) FROM cost_rollup)::text AS r, (SELECT coalesce(sum(cost),0) FROM usage_event)::text AS l,
      (SELECT coalesce(sum(gpu_cost),0) FROM cost_rollup)::text AS rg, (SELECT coalesce(sum(gpu_cost),0) FROM usage_event)::text AS lg,
      (SELECT coalesce(sum(requests),0) FROM cost_rollup)::int AS requests`))[0];

  before(async () => {
    schema = await createTestSchema('billing_gpu');
    store = BillingStore.create({ databaseUrl: schema.url });
    await store.migrate();
    await store.migrate();
  });
  after(async () => {
    await store.close();
    await schema.drop();
  });

  it('opens one span per registration and closes it once; a removal never closes a later registration', async () => {
    const at = (m: number) => new Date(H.getTime() + m * 60_000);
    assert.equal(await store.gpu.openSpan({ instanceId: 'i-1', deploymentId: DEP, workspaceId: 'ws-a', gpus: 4, startedAt: at(-30) }), true);
    assert.equal(await store.gpu.openSpan({ instanceId: 'i-1', deploymentId: DEP, workspaceId: 'ws-a', gpus: 4, startedAt: at(-30) }), false, 'redelivery');
    assert.equal(await store.gpu.openSpan({ instanceId: 'i-1', deploymentId: DEP, workspaceId: 'ws-a', gpus: 4, startedAt: at(-10) }), false, 'already open');
    assert.equal(await store.gpu.closeSpan('i-1', at(-40)), false, 'a removal older than the registration');
    assert.equal(await store.gpu.closeSpan('i-1', at(30)), true);
    assert.equal(await store.gpu.closeSpan('i-1', at(31)), false, 'already closed');
    const spans = await store.gpu.spans([DEP], new Date(H.getTime() - HOUR), new Date(H.getTime() + HOUR));
    assert.deepEqual(spans.map((s) => [s.instanceId, s.gpus, s.startedAt.getTime(), s.endedAt?.getTime()]), [['i-1', 4, at(-30).getTime(), at(30).getTime()]]);
    assert.deepEqual(await store.gpu.spans([DEP], at(30), at(90)), [], 'a span ending at `from` is outside');
  });

  it('spreads a queued hour, books idle on an idle row, moves only differences into the roll-ups', async () => {
    await store.ingest([usage('u-0', 5, 10, { deploymentId: 'dep-other' })]); // another deployment: never touched
    assert.equal(await store.gpu.ensureHours([{ deploymentId: DEP, hour: H }]), 1);
    assert.equal(await store.gpu.ensureHours([{ deploymentId: DEP, hour: H }]), 0);
    assert.equal((await store.gpu.spreadHour({ deploymentId: DEP, hour: H }, equalPlan(6))).outcome, 'spread');
    const idle = await schema.query(`SELECT cost::text, gpu_cost::text, endpoint, outcome FROM usage_event WHERE request_id = '${idleRequestId(DEP, H, 'USD')}'`);
    assert.deepEqual(idle, [{ cost: '6.000000000000', gpu_cost: '6.000000000000', endpoint: 'gpu-idle', outcome: 'idle' }]);
    let s = await sums();
    assert.equal(s.r, s.l);
    assert.equal(s.rg, '6.000000000000');
    assert.equal(s.requests, 1, 'the idle row is no request');
    assert.equal((await store.gpu.spreadHour({ deploymentId: DEP, hour: H }, equalPlan(999))).outcome, 'clean', 'not queued: nothing happens');
    assert.equal((await store.gpu.spreadHour({ deploymentId: DEP, hour: new Date(H.getTime() + HOUR) }, equalPlan(1))).outcome, 'clean');

    // Records arrive for the hour: ingest re-queues it; the next spread moves the cost from idle to the records.
    const r = await store.ingest([usage('u-1', 10, 100), usage('u-2', 20, 300)], { gpuDeployments: [DEP] });
    assert.equal(r.inserted, 2);
    assert.deepEqual(await store.gpu.pending(new Date(H.getTime() + HOUR), 10), [{ deploymentId: DEP, hour: H }]);
    assert.deepEqual(await store.gpu.pending(H, 10), [], 'only hours before the cutoff');
    const moved = await store.gpu.spreadHour({ deploymentId: DEP, hour: H }, equalPlan(6));
    assert.equal(moved.outcome, 'spread');
    assert.deepEqual(moved.touched.sort((a, b) => a.apiKeyId.localeCompare(b.apiKeyId)), [
      { workspaceId: 'ws-a', apiKeyId: '', period: '2026-11' }, // the idle row gave its cost away
      { workspaceId: 'ws-a', apiKeyId: 'k-1', period: '2026-11' },
    ]);
    const rows = await schema.query(`SELECT request_id, cost::text, gpu_cost::text FROM usage_event WHERE deployment_id = '${DEP}' ORDER BY request_id`);
    assert.deepEqual(rows, [
      { request_id: idleRequestId(DEP, H, 'USD'), cost: '0.000000000000', gpu_cost: '0.000000000000' },
      { request_id: 'u-1', cost: '3.000001000000', gpu_cost: '3.000000000000' },
      { request_id: 'u-2', cost: '3.000001000000', gpu_cost: '3.000000000000' },
    ]);
    s = await sums();
    assert.equal(s.r, s.l, 'roll-ups equal the ledger after moving cost between rows');
    assert.equal(s.rg, s.lg);
    assert.equal(s.rg, '6.000000000000');
    const [rollup] = await schema.query(`SELECT requests::int, cost::text, gpu_cost::text FROM cost_rollup WHERE hour = '${H.toISOString()}' AND api_key_id = 'k-1' AND workspace_id = 'ws-a' AND provider = 'self-hosted'`);
    assert.deepEqual(rollup, { requests: 3, cost: '6.000003000000', gpu_cost: '6.000000000000' }, 'u-0 of the other deployment shares the group');
    const [alloc] = await store.gpu.allocations(DEP, H, new Date(H.getTime() + HOUR));
    assert.equal(alloc.dirty, false);
    assert.equal(alloc.cost, '6.000000000000');
  });

  it('a record ingested while its hour is being spread re-queues the hour (no share is ever lost)', async () => {
    await store.gpu.markDirtyFrom(DEP, H);
    let racing: Promise<unknown> | undefined;
    const outcome = await store.gpu.spreadHour({ deploymentId: DEP, hour: H }, (input) => {
      // The queue row is locked now: this ingest waits for the spread to commit, then marks the hour again.
      racing = store.ingest([usage('u-race', 30, 200)], { gpuDeployments: [DEP] });
      return equalPlan(6)(input);
    });
    assert.equal(outcome.outcome, 'spread');
    assert.deepEqual(outcome.touched, [], 'the shares did not change: no spend changed');
    await racing;
    assert.deepEqual(await store.gpu.pending(new Date(H.getTime() + HOUR), 10), [{ deploymentId: DEP, hour: H }], 'queued again');
    assert.equal((await store.gpu.spreadHour({ deploymentId: DEP, hour: H }, equalPlan(6))).outcome, 'spread');
    const shares = await schema.query(`SELECT gpu_cost::text AS g FROM usage_event WHERE deployment_id = '${DEP}' AND endpoint = 'chat' ORDER BY request_id`);
    assert.deepEqual(shares.map((x) => x.g), ['2.000000000000', '2.000000000000', '2.000000000000']);
    const s = await sums();
    assert.equal(s.r, s.l);
    assert.equal(s.rg, s.lg);
  });

  it('a second replica skips an hour another is spreading', async () => {
    await store.gpu.markDirtyFrom(DEP, H);
    const other = new Client({ connectionString: schema.url.replace(/[?&]schema=[^&]*/, ''), options: `-c search_path="${schema.schema}"` });
    await other.connect();
    try {
      await other.query('BEGIN');
      await other.query('SELECT 1 FROM gpu_allocation WHERE deployment_id = $1 AND hour = $2 FOR UPDATE', [DEP, H]);
      assert.equal((await store.gpu.spreadHour({ deploymentId: DEP, hour: H }, equalPlan(6))).outcome, 'busy');
      await other.query('ROLLBACK');
    } finally {
      await other.end();
    }
    assert.equal((await store.gpu.spreadHour({ deploymentId: DEP, hour: H }, equalPlan(6))).outcome, 'spread', 'once released');
  });

  it('a span change made while its hour is being spread re-queues the hour (never lost to the spread\'s commit)', async () => {
    await store.gpu.markDirtyFrom(DEP, H);
    let concurrent: Promise<unknown> | undefined;
    await store.gpu.spreadHour({ deploymentId: DEP, hour: H }, (input) => {
      // The queue row is locked (and still dirty): the re-queue must wait for the spread, then mark it again.
      concurrent = store.gpu.markDirtyFrom(DEP, H);
      return equalPlan(6)(input);
    });
    await concurrent;
    assert.deepEqual(await store.gpu.pending(new Date(H.getTime() + HOUR), 10), [{ deploymentId: DEP, hour: H }]);
    assert.equal((await store.gpu.spreadHour({ deploymentId: DEP, hour: H }, equalPlan(6))).outcome, 'spread');
  });

  it('a removal that overtakes its registration still closes the span', async () => {
    const at = (m: number) => new Date(H.getTime() + m * 60_000);
    assert.equal(await store.gpu.closeSpan('i-late', at(40)), false, 'nothing open yet: remembered');
    assert.equal(await store.gpu.openSpan({ instanceId: 'i-late', deploymentId: 'dep-late', workspaceId: 'ws-a', gpus: 8, startedAt: at(10) }), true);
    const [span] = await store.gpu.spans(['dep-late'], H, new Date(H.getTime() + HOUR));
    assert.equal(span.endedAt?.getTime(), at(40).getTime(), 'created closed at the removal');
    // A later, real re-registration of the same instance id opens a new span (the old removal is before it).
    assert.equal(await store.gpu.openSpan({ instanceId: 'i-late', deploymentId: 'dep-late', workspaceId: 'ws-a', gpus: 8, startedAt: at(50) }), true);
    const spans = await store.gpu.spans(['dep-late'], H, new Date(H.getTime() + 2 * HOUR));
    assert.deepEqual(spans.map((s) => s.endedAt?.getTime() ?? null), [at(40).getTime(), null]);
  });

  it('a new currency books the idle hour on a row of that currency; the old one goes to zero', async () => {
    const hour = new Date(H.getTime() + 5 * HOUR);
    await store.gpu.ensureHours([{ deploymentId: 'dep-cur', hour }]);
    const plan = (currency: string) => (input: GpuHourInput): GpuHourPlan => ({ ...equalPlan(4)(input), currency });
    await store.gpu.spreadHour({ deploymentId: 'dep-cur', hour }, plan('USD'));
    await store.gpu.markDirtyFrom('dep-cur', hour);
    await store.gpu.spreadHour({ deploymentId: 'dep-cur', hour }, plan('EUR'));
    const rows = await schema.query(`SELECT request_id, currency, gpu_cost::text AS g FROM usage_event WHERE deployment_id = 'dep-cur' ORDER BY currency`);
    assert.deepEqual(rows.map((r) => [r.request_id, r.currency, r.g]), [
      [idleRequestId('dep-cur', hour, 'EUR'), 'EUR', '4.000000000000'],
      [idleRequestId('dep-cur', hour, 'USD'), 'USD', '0.000000000000'],
    ]);
    const s = await sums();
    assert.equal(s.r, s.l);
  });

  it('ingest and spreading of the same hours, concurrently: no deadlock, roll-ups equal the ledger', async () => {
    const hour = new Date(H.getTime() + 7 * HOUR);
    const dep = 'dep-conc';
    await store.gpu.ensureHours([{ deploymentId: dep, hour }]);
    const base = hour.getTime();
    const batches = Array.from({ length: 12 }, (_, b) =>
      Array.from({ length: 40 }, (_, i) => ({ ...usage(`c-${b}-${i}`, 0, 10 + i), deploymentId: dep, time: new Date(base + (b * 40 + i) * 1_000).toISOString(), apiKeyId: `k-${i % 4}` })),
    );
    const spreads = Array.from({ length: 12 }, async () => {
      await store.gpu.markDirtyFrom(dep, hour);
      return store.gpu.spreadHour({ deploymentId: dep, hour }, equalPlan(12));
    });
    await Promise.all([...batches.map((b) => store.ingest(b, { gpuDeployments: [dep] })), ...spreads]);
    await store.gpu.markDirtyFrom(dep, hour);
    assert.equal((await store.gpu.spreadHour({ deploymentId: dep, hour }, equalPlan(12))).outcome, 'spread');
    const [hourSum] = await schema.query(`SELECT sum(gpu_cost)::text AS g, count(*)::int AS n FROM usage_event WHERE deployment_id = '${dep}' AND time >= '${hour.toISOString()}' AND time < '${new Date(base + HOUR).toISOString()}'`);
    assert.equal(hourSum.n, 480);
    assert.equal(Number(hourSum.g), 12);
    const s = await sums();
    assert.equal(s.r, s.l);
    assert.equal(s.rg, s.lg);
  });

  it('replay rebuilds roll-ups with their GPU part from the ledger', async () => {
    const before = await sums();
    await store.replay(new Date(H.getTime() - HOUR), new Date(H.getTime() + HOUR));
    const after = await sums();
    assert.deepEqual(after, before);
  });

  it('closing a deployment closes its open spans and re-queues the hours it changes', async () => {
    const at = new Date(H.getTime() + 2 * HOUR);
    await store.gpu.openSpan({ instanceId: 'i-9', deploymentId: DEP, workspaceId: 'ws-a', gpus: 1, startedAt: H });
    assert.deepEqual(await store.gpu.pending(new Date(H.getTime() + 10 * HOUR), 10), [{ deploymentId: DEP, hour: H }], 'a new span re-queues the spread hours it covers');
    await store.gpu.spreadHour({ deploymentId: DEP, hour: H }, equalPlan(6));
    await store.gpu.ensureHours([{ deploymentId: DEP, hour: at }]);
    await store.gpu.spreadHour({ deploymentId: DEP, hour: at }, equalPlan(1));
    assert.deepEqual(await store.gpu.pending(new Date(H.getTime() + 10 * HOUR), 10), []);
    assert.equal(await store.gpu.closeDeployment(DEP, new Date(at.getTime() + 60_000)), 1);
    assert.deepEqual(await store.gpu.pending(new Date(H.getTime() + 10 * HOUR), 10), [{ deploymentId: DEP, hour: at }], 'only the hours from the closing on');
    assert.equal(await store.gpu.closeDeployment(DEP, at), 0);
  });
});
