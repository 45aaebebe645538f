import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestSchema, type TestSchema } from '@switchyard/testing';
import { BillingStore, type LedgerEvent } from '../src';

// Schema migration on a live ledger (review findings): an upgrade from the previous release's tables, two
// replicas starting at once, starts while ingest (with GPU bookkeeping) runs, and an index left invalid by an
// interrupted CONCURRENTLY build. Real PostgreSQL.

/** The billing tables as the release before GPU-hour pricing created them (92b373b). */
const PREVIOUS_RELEASE_DDL = `
CREATE TABLE IF NOT EXISTS usage_event (
  request_id           TEXT PRIMARY KEY,
  time                 TIMESTAMPTZ NOT NULL,
  workspace_id         TEXT NOT NULL,
  user_id              TEXT NOT NULL DEFAULT '',
  api_key_id           TEXT NOT NULL DEFAULT '',
  route                TEXT NOT NULL,
  model                TEXT NOT NULL,
  upstream_model       TEXT NOT NULL DEFAULT '',
  target_kind          TEXT NOT NULL DEFAULT '',
  deployment_id        TEXT NOT NULL DEFAULT '',
  provider_id          TEXT NOT NULL DEFAULT '',
  provider_key_id      TEXT NOT NULL DEFAULT '',
  instance_id          TEXT NOT NULL DEFAULT '',
  endpoint             TEXT NOT NULL,
  prompt_tokens        BIGINT NOT NULL,
  cached_prompt_tokens BIGINT NOT NULL,
  completion_tokens    BIGINT NOT NULL,
  latency_ms           INTEGER NOT NULL,
  ttft_ms              INTEGER,
  status_code          INTEGER NOT NULL,
  outcome              TEXT NOT NULL,
  estimated            BOOLEAN NOT NULL,
  price_id             TEXT,
  currency             TEXT NOT NULL,
  cost                 NUMERIC(30,12) NOT NULL,
  ingested_at          TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS usage_event_time_idx ON usage_event (time);
CREATE INDEX IF NOT EXISTS usage_event_ws_time_idx ON usage_event (workspace_id, time);

CREATE TABLE IF NOT EXISTS cost_rollup (
  hour                 TIMESTAMPTZ NOT NULL,
  workspace_id         TEXT NOT NULL,
  user_id              TEXT NOT NULL,
  api_key_id           TEXT NOT NULL,
  route                TEXT NOT NULL,
  model                TEXT NOT NULL,
  provider             TEXT NOT NULL,
  currency             TEXT NOT NULL,
  requests             BIGINT NOT NULL,
  prompt_tokens        BIGINT NOT NULL,
  cached_prompt_tokens BIGINT NOT NULL,
  completion_tokens    BIGINT NOT NULL,
  cost                 NUMERIC(30,12) NOT NULL,
  PRIMARY KEY (hour, workspace_id, user_id, api_key_id, route, model, provider, currency)
);
CREATE INDEX IF NOT EXISTS cost_rollup_ws_hour_idx ON cost_rollup (workspace_id, hour);
CREATE INDEX IF NOT EXISTS cost_rollup_key_hour_idx ON cost_rollup (api_key_id, hour);

CREATE TABLE IF NOT EXISTS budget_alert (
  scope      TEXT NOT NULL,
  scope_id   TEXT NOT NULL,
  period     TEXT NOT NULL,
  threshold  INTEGER NOT NULL,
  raised_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (scope, scope_id, period, threshold)
);
`;

function event(i: number, over: Partial<LedgerEvent> = {}): LedgerEvent {
  return {
    requestId: `m-${i}`, time: new Date(Date.UTC(2026, 10, 20, 10) + (i % 3_600) * 1_000).toISOString(), workspaceId: 'ws', userId: '', apiKeyId: `k-${i % 5}`,
    route: 'chat', model: 'llama', upstreamModel: '', targetKind: 'deployment', deploymentId: i % 2 ? 'dep-a' : 'dep-b', providerId: '', providerKeyId: '',
    instanceId: '', endpoint: 'chat', promptTokens: 10, cachedPromptTokens: 0, completionTokens: 5, latencyMs: 1, ttftMs: null, statusCode: 200,
    outcome: 'ok', estimated: false, priceId: null, currency: 'USD', cost: '0.000001000000', ...over,
  };
}

describe('billing schema migration (real PostgreSQL)', () => {
  const schemas: TestSchema[] = [];
  const stores: BillingStore[] = [];
  const fresh = async (label: string) => {
    const schema = await createTestSchema(label);
    schemas.push(schema);
    return schema;
  };
  const open = (schema: TestSchema) => {
    const store = BillingStore.create({ databaseUrl: schema.url, schema: schema.schema });
    stores.push(store);
    return store;
  };
  /** A schema holding the previous release's tables with `rows` ledger rows of 0.50 each. */
  const previousReleaseLedger = async (label: string, rows: number) => {
    const schema = await fresh(label);
    await schema.exec(PREVIOUS_RELEASE_DDL);
    await schema.exec(`
      INSERT INTO usage_event (request_id, time, workspace_id, route, model, endpoint, prompt_tokens, cached_prompt_tokens, completion_tokens,
        latency_ms, status_code, outcome, estimated, currency, cost)
      SELECT 'old-' || g, now(), 'ws', 'chat', 'llama', 'chat', 10, 0, 5, 1, 200, 'ok', false, 'USD', 0.5 FROM generate_series(1, ${rows}) g`);
    return schema;
  };
  const gpuIndexValidity = (schema: TestSchema) =>
    schema.query(`SELECT i.indisvalid AS valid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = '${schema.schema}' AND c.relname = 'usage_event_dep_time_idx'`);
  after(async () => {
    for (const s of stores) await s.close().catch(() => undefined);
    for (const s of schemas) await s.drop();
  });

  it('upgrades the previous release\'s ledger in place: data kept, new columns 0, the new index valid', async () => {
    const schema = await previousReleaseLedger('billing_upg', 2000);
    const store = open(schema);
    assert.deepEqual(await store.migrate(), { warnings: [] });
    assert.deepEqual(await store.migrate(), { warnings: [] }, 'again: nothing to do');
    const [row] = await schema.query('SELECT count(*)::int AS n, sum(cost)::text AS cost, sum(gpu_cost)::text AS gpu FROM usage_event');
    assert.deepEqual(row, { n: 2000, cost: '1000.000000000000', gpu: '0.000000000000' });
    const idx = await gpuIndexValidity(schema);
    assert.deepEqual(idx, [{ valid: true }]);
    assert.equal((await store.ingest([event(1)], { gpuDeployments: ['dep-a'] })).inserted, 1, 'the upgraded ledger takes GPU bookkeeping');
  });

  it('two replicas starting at once on an old ledger both come up', async () => {
    const schema = await previousReleaseLedger('billing_two', 50000);
    const results = await Promise.allSettled([open(schema).migrate(), open(schema).migrate(), open(schema).migrate()]);
    assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'fulfilled', 'fulfilled'], JSON.stringify(results.filter((r) => r.status === 'rejected')));
  });

  it('starts while ingest with GPU bookkeeping runs: no start fails, no ingest fails', async () => {
    const schema = await fresh('billing_live');
    const writer = open(schema);
    await writer.migrate();
    let stop = false;
    let ingested = 0;
    const loops = [0, 1, 2].map(async (l) => {
      for (let b = 0; !stop; b++) {
        const batch = Array.from({ length: 50 }, (_, i) => event(l * 1_000_000 + b * 50 + i));
        ingested += (await writer.ingest(batch, { gpuDeployments: ['dep-a', 'dep-b'] })).inserted;
      }
    });
    const starts: Array<PromiseSettledResult<unknown>> = [];
    for (let i = 0; i < 15; i++) starts.push(...(await Promise.allSettled([open(schema).migrate()])));
    stop = true;
    await Promise.all(loops);
    assert.deepEqual(starts.filter((s) => s.status === 'rejected'), []);
    assert.ok(ingested > 0);
  });

  it('rebuilds the GPU index when an interrupted build left it invalid', async () => {
    const schema = await fresh('billing_inv');
    const store = open(schema);
    await store.migrate();
    await schema.exec(`UPDATE pg_index SET indisvalid = false WHERE indexrelid = '"${schema.schema}".usage_event_dep_time_idx'::regclass`);
    assert.deepEqual(await store.migrate(), { warnings: [] });
    const idx = await gpuIndexValidity(schema);
    assert.deepEqual(idx, [{ valid: true }]);
  });

  it('a registration and its removal handled at once by two replicas never leave the span open', async () => {
    const schema = await fresh('billing_race');
    const a = open(schema);
    const b = open(schema);
    await a.migrate();
    const at = (m: number) => new Date(Date.UTC(2026, 10, 20, 10, m));
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        Promise.all([
          a.gpu.openSpan({ instanceId: `r-${i}`, deploymentId: 'dep', workspaceId: 'ws', gpus: 1, startedAt: at(0) }),
          b.gpu.closeSpan(`r-${i}`, at(30)),
        ]),
      ),
    );
    const open40 = await schema.query(`SELECT count(*)::int AS n FROM "${schema.schema}".instance_span WHERE ended_at IS NULL`);
    assert.equal(open40[0].n, 0);
  });
});
