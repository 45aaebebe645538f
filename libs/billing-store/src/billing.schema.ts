/**
 * The billing schema, applied idempotently at start (CREATE … IF NOT EXISTS). Money is NUMERIC(30,12): exact
 * decimals, never floats. Roll-ups are hourly per (workspace, user, key, route, model, provider, currency);
 * coarser periods are sums of hours, so report totals equal the sum of the ledger exactly.
 */
export const BILLING_DDL = `
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

-- GPU-hour pricing. The columns and the index it adds to the two tables above are BILLING_UPGRADES (applied only
-- when missing, so a boot never takes a table lock on a live ledger).

-- When each instance of a deployment was registered (from the scheduler's InstanceRegistered/InstanceRemoved).
CREATE TABLE IF NOT EXISTS instance_span (
  instance_id    TEXT NOT NULL,
  started_at     TIMESTAMPTZ NOT NULL,
  ended_at       TIMESTAMPTZ,
  deployment_id  TEXT NOT NULL,
  workspace_id   TEXT NOT NULL,
  gpus           INTEGER NOT NULL,
  PRIMARY KEY (instance_id, started_at)
);
CREATE INDEX IF NOT EXISTS instance_span_dep_idx ON instance_span (deployment_id, started_at);
CREATE UNIQUE INDEX IF NOT EXISTS instance_span_open_idx ON instance_span (instance_id) WHERE ended_at IS NULL;
-- A removal that found no open span (it overtook its registration: redelivery, replicas): the registration, when
-- it comes, opens its span already closed.
CREATE TABLE IF NOT EXISTS instance_removal (
  instance_id    TEXT NOT NULL,
  removed_at     TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (instance_id, removed_at)
);

-- One row per (GPU-priced deployment, hour): the hour's GPU cost as last spread. dirty = to be (re)spread: set
-- when the hour gets instances or usage (also late usage, in the ingest transaction), cleared by the allocator.
CREATE TABLE IF NOT EXISTS gpu_allocation (
  deployment_id  TEXT NOT NULL,
  hour           TIMESTAMPTZ NOT NULL,
  dirty          BOOLEAN NOT NULL DEFAULT true,
  cost           NUMERIC(30,12) NOT NULL DEFAULT 0,
  currency       TEXT NOT NULL DEFAULT '',
  gpu_ms         BIGINT NOT NULL DEFAULT 0,
  tokens         BIGINT NOT NULL DEFAULT 0,
  idle_cost      NUMERIC(30,12) NOT NULL DEFAULT 0,
  allocated_at   TIMESTAMPTZ,
  PRIMARY KEY (deployment_id, hour)
);
CREATE INDEX IF NOT EXISTS gpu_allocation_dirty_idx ON gpu_allocation (hour) WHERE dirty;

CREATE TABLE IF NOT EXISTS budget_alert (
  scope      TEXT NOT NULL,
  scope_id   TEXT NOT NULL,
  period     TEXT NOT NULL,
  threshold  INTEGER NOT NULL,
  raised_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (scope, scope_id, period, threshold)
);
`;

/**
 * Changes to tables that may already hold a large ledger (see billing.migration.ts): each is applied only when its
 * `missing` query ($1 = the schema) finds nothing; ALTER TABLE takes an ACCESS EXCLUSIVE lock even when IF NOT
 * EXISTS makes it a no-op. The index is built CONCURRENTLY; an invalid one (an interrupted build) counts as missing
 * and is dropped first.
 */
export const BILLING_UPGRADES: ReadonlyArray<{ name: string; missing: string; apply: string; concurrently?: boolean }> = [
  {
    name: 'usage_event.gpu_cost',
    missing: "SELECT 1 FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'usage_event' AND column_name = 'gpu_cost'",
    // The part of cost that is a share of a deployment's GPU-hours; cost always includes it.
    apply: 'ALTER TABLE usage_event ADD COLUMN IF NOT EXISTS gpu_cost NUMERIC(30,12) NOT NULL DEFAULT 0',
  },
  {
    name: 'cost_rollup.gpu_cost',
    missing: "SELECT 1 FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'cost_rollup' AND column_name = 'gpu_cost'",
    apply: 'ALTER TABLE cost_rollup ADD COLUMN IF NOT EXISTS gpu_cost NUMERIC(30,12) NOT NULL DEFAULT 0',
  },
  {
    name: 'usage_event_dep_time_idx',
    missing: `SELECT 1 FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE n.nspname = $1 AND c.relname = 'usage_event_dep_time_idx' AND i.indisvalid`,
    apply: `DROP INDEX CONCURRENTLY IF EXISTS usage_event_dep_time_idx;
            CREATE INDEX CONCURRENTLY IF NOT EXISTS usage_event_dep_time_idx ON usage_event (deployment_id, time) WHERE deployment_id <> ''`,
    concurrently: true,
  },
];
