import { Pool, type PoolClient } from 'pg';
import { migrateBillingSchema, type MigrationReport } from './billing.migration';
import { GpuLedger } from './gpu-ledger';
import { IDLE_ENDPOINT, ROLLUP_KEY_COLUMNS, ROLLUP_KEY_SELECT } from './rollup.sql';

/** One priced usage record, ready for the ledger. Money and token counts as decimal strings / integers. */
export interface LedgerEvent {
  requestId: string;
  time: string;
  workspaceId: string;
  userId: string;
  apiKeyId: string;
  route: string;
  model: string;
  upstreamModel: string;
  targetKind: string;
  deploymentId: string;
  providerId: string;
  providerKeyId: string;
  instanceId: string;
  endpoint: string;
  promptTokens: number;
  cachedPromptTokens: number;
  completionTokens: number;
  latencyMs: number;
  ttftMs: number | null;
  statusCode: number;
  outcome: string;
  estimated: boolean;
  priceId: string | null;
  currency: string;
  /** Exact decimal string, e.g. "0.000123000000". */
  cost: string;
}

/** A (scope, month) whose spend changed in an ingest: budgets are re-checked for these. */
export interface TouchedBudget {
  workspaceId: string;
  apiKeyId: string;
  /** "YYYY-MM" (UTC). */
  period: string;
}

export interface IngestResult {
  inserted: number;
  duplicates: number;
  touched: TouchedBudget[];
}

export type GroupBy = 'workspace' | 'user' | 'apiKey' | 'model' | 'route' | 'provider';
export type Granularity = 'hour' | 'day' | 'month';

export interface ReportQuery {
  from: Date;
  to: Date;
  groupBy: GroupBy;
  granularity: Granularity;
  /** null = every workspace (platform admin). */
  workspaceIds: readonly string[] | null;
}

export interface ReportRow {
  /** ISO start of the period (UTC). */
  period: string;
  group: string;
  currency: string;
  requests: number;
  promptTokens: number;
  cachedPromptTokens: number;
  completionTokens: number;
  cost: string;
  /** The part of cost that is GPU-hours of self-hosted deployments spread over their tokens (or idle). */
  gpuCost: string;
}

const GROUP_COLUMN: Record<GroupBy, string> = {
  workspace: 'workspace_id',
  user: 'user_id',
  apiKey: 'api_key_id',
  model: 'model',
  route: 'route',
  provider: 'provider',
};

const RECORD_COLUMNS = `request_id text, time timestamptz, workspace_id text, user_id text, api_key_id text, route text,
  model text, upstream_model text, target_kind text, deployment_id text, provider_id text, provider_key_id text,
  instance_id text, endpoint text, prompt_tokens bigint, cached_prompt_tokens bigint, completion_tokens bigint,
  latency_ms integer, ttft_ms integer, status_code integer, outcome text, estimated boolean, price_id text,
  currency text, cost numeric`;

// Idle GPU capacity is booked as ledger rows of its own (so totals stay the sum of the ledger) but is no request.
const ROLLUP_SELECT = `
  SELECT ${ROLLUP_KEY_SELECT},
         count(*) FILTER (WHERE endpoint <> '${IDLE_ENDPOINT}') AS requests, sum(prompt_tokens) AS prompt_tokens,
         sum(cached_prompt_tokens) AS cached_prompt_tokens, sum(completion_tokens) AS completion_tokens,
         sum(cost) AS cost, sum(gpu_cost) AS gpu_cost`;
const ROLLUP_GROUP = 'GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8';
const ROLLUP_COLUMNS = `${ROLLUP_KEY_COLUMNS}, requests, prompt_tokens, cached_prompt_tokens, completion_tokens, cost, gpu_cost`;

/**
 * The billing ledger in PostgreSQL (schema `billing` by default). Ingestion is one statement per batch: the
 * events go in with ON CONFLICT (request_id) DO NOTHING and only the rows actually inserted feed the hourly
 * roll-ups, in the same transaction — a redelivered record charges nothing, a crash leaves nothing half-counted.
 */
export class BillingStore {
  /** GPU-hour pricing: instance spans and the hourly spreading of their cost over the ledger. */
  readonly gpu: GpuLedger;

  private constructor(private readonly pool: Pool, readonly schema: string) {
    this.gpu = new GpuLedger(pool, (fn) => this.withRetry(fn));
  }

  static create(opts: { databaseUrl: string; schema?: string; max?: number }): BillingStore {
    const url = new URL(opts.databaseUrl);
    const schema = opts.schema ?? url.searchParams.get('schema') ?? 'billing';
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(schema)) throw new Error(`invalid schema name "${schema}"`);
    url.searchParams.delete('schema');
    const pool = new Pool({
      connectionString: url.toString(),
      max: opts.max ?? 8,
      options: `-c search_path="${schema}" -c TimeZone=UTC`,
    });
    pool.on('error', () => undefined); // idle client errors surface on the next query instead of crashing
    return new BillingStore(pool, schema);
  }

  /** Creates or upgrades the schema (billing.migration.ts): safe on a live ledger and from several replicas at once. */
  migrate(): Promise<MigrationReport> {
    return migrateBillingSchema(this.pool, this.schema);
  }

  async ping(): Promise<boolean> {
    try {
      await this.pool.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  /**
   * Writes a batch to the ledger and its roll-ups atomically; duplicates (by request id) are ignored. Rows of the
   * `gpuDeployments` (those priced by the GPU-hour) mark their hour for (re)spreading in the same transaction, so a
   * record that arrives after its hour was spread is never left without its share.
   */
  async ingest(events: readonly LedgerEvent[], opts: { gpuDeployments?: readonly string[] } = {}): Promise<IngestResult> {
    if (events.length === 0) return { inserted: 0, duplicates: 0, touched: [] };
    // Within a batch the same request id may appear twice (redelivery): keep the first.
    const unique = new Map<string, LedgerEvent>();
    for (const e of events) if (!unique.has(e.requestId)) unique.set(e.requestId, e);
    const rows = [...unique.values()].map(toRow);
    const sql = `
      WITH ins AS (
        INSERT INTO usage_event (request_id, time, workspace_id, user_id, api_key_id, route, model, upstream_model,
          target_kind, deployment_id, provider_id, provider_key_id, instance_id, endpoint, prompt_tokens,
          cached_prompt_tokens, completion_tokens, latency_ms, ttft_ms, status_code, outcome, estimated, price_id,
          currency, cost)
        SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(${RECORD_COLUMNS})
        ON CONFLICT (request_id) DO NOTHING
        RETURNING *
      ),
      up AS (
        INSERT INTO cost_rollup (${ROLLUP_COLUMNS})
        ${ROLLUP_SELECT} FROM ins ${ROLLUP_GROUP}
        ON CONFLICT (hour, workspace_id, user_id, api_key_id, route, model, provider, currency) DO UPDATE SET
          requests = cost_rollup.requests + EXCLUDED.requests,
          prompt_tokens = cost_rollup.prompt_tokens + EXCLUDED.prompt_tokens,
          cached_prompt_tokens = cost_rollup.cached_prompt_tokens + EXCLUDED.cached_prompt_tokens,
          completion_tokens = cost_rollup.completion_tokens + EXCLUDED.completion_tokens,
          cost = cost_rollup.cost + EXCLUDED.cost,
          gpu_cost = cost_rollup.gpu_cost + EXCLUDED.gpu_cost
        RETURNING 1
      )
      SELECT workspace_id, api_key_id, to_char(time, 'YYYY-MM') AS period, count(*)::int AS n,
             (SELECT count(*) FROM up)::int AS rollups
      FROM ins GROUP BY 1, 2, 3`;
    const json = JSON.stringify(rows);
    const gpuHours = hoursOfDeployments([...unique.values()], opts.gpuDeployments ?? []);
    const result = await this.withRetry(async (c) => {
      if (gpuHours.length > 0) {
        // First, in key order: the spreading locks a queue row before roll-ups, so ingest must too (no deadlock).
        await c.query(
          `INSERT INTO gpu_allocation (deployment_id, hour) SELECT * FROM unnest($1::text[], $2::timestamptz[])
           ON CONFLICT (deployment_id, hour) DO UPDATE SET dirty = true`,
          [gpuHours.map((k) => k.deploymentId), gpuHours.map((k) => k.hour)],
        );
      }
      return c.query<{ workspace_id: string; api_key_id: string; period: string; n: number }>(sql, [json]);
    });
    const inserted = result.rows.reduce((sum, r) => sum + r.n, 0);
    return {
      inserted,
      duplicates: events.length - inserted,
      touched: result.rows.map((r) => ({ workspaceId: r.workspace_id, apiKeyId: r.api_key_id, period: r.period })),
    };
  }

  /** Month-to-date spend (exact decimal string) of a workspace or an API key, per currency. */
  async spend(scope: 'workspace' | 'api-key', id: string, period: string): Promise<Array<{ currency: string; cost: string }>> {
    const { start, end } = monthBounds(period);
    const column = scope === 'workspace' ? 'workspace_id' : 'api_key_id';
    const result = await this.pool.query<{ currency: string; cost: string }>(
      `SELECT currency, sum(cost)::text AS cost FROM cost_rollup WHERE ${column} = $1 AND hour >= $2 AND hour < $3 GROUP BY currency`,
      [id, start, end],
    );
    return result.rows;
  }

  /** Records that an alert was raised; false when it already was for this period (each fires once). */
  async markAlert(scope: string, scopeId: string, period: string, threshold: number): Promise<boolean> {
    const result = await this.pool.query(
      'INSERT INTO budget_alert (scope, scope_id, period, threshold) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
      [scope, scopeId, period, threshold],
    );
    return result.rowCount === 1;
  }

  /** Cost report from the roll-ups. `from`/`to` are rounded down to the hour (the roll-up grain). */
  async report(q: ReportQuery): Promise<ReportRow[]> {
    const column = GROUP_COLUMN[q.groupBy];
    const params: unknown[] = [floorHour(q.from), floorHour(q.to)];
    let where = 'hour >= $1 AND hour < $2';
    if (q.workspaceIds !== null) {
      params.push(q.workspaceIds);
      where += ` AND workspace_id = ANY($3::text[])`;
    }
    const result = await this.pool.query<{
      period: Date; grp: string; currency: string; requests: string; prompt: string; cached: string; completion: string; cost: string; gpu: string;
    }>(
      `SELECT date_trunc('${q.granularity}', hour) AS period, ${column} AS grp, currency,
              sum(requests)::text AS requests, sum(prompt_tokens)::text AS prompt,
              sum(cached_prompt_tokens)::text AS cached, sum(completion_tokens)::text AS completion, sum(cost)::text AS cost,
              sum(gpu_cost)::text AS gpu
       FROM cost_rollup WHERE ${where} GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
      params,
    );
    return result.rows.map((r) => ({
      period: r.period.toISOString(),
      group: r.grp,
      currency: r.currency,
      requests: Number(r.requests),
      promptTokens: Number(r.prompt),
      cachedPromptTokens: Number(r.cached),
      completionTokens: Number(r.completion),
      cost: r.cost,
      gpuCost: r.gpu,
    }));
  }

  /** Ledger totals over a time range (what the roll-ups must add up to). */
  async ledgerTotals(from: Date, to: Date): Promise<{ events: number; cost: string; promptTokens: number; completionTokens: number }> {
    const result = await this.pool.query<{ n: string; cost: string | null; p: string | null; c: string | null }>(
      'SELECT count(*)::text AS n, sum(cost)::text AS cost, sum(prompt_tokens)::text AS p, sum(completion_tokens)::text AS c FROM usage_event WHERE time >= $1 AND time < $2',
      [from, to],
    );
    const r = result.rows[0];
    return { events: Number(r.n), cost: r.cost ?? '0', promptTokens: Number(r.p ?? 0), completionTokens: Number(r.c ?? 0) };
  }

  /** Rebuilds the roll-ups of [from, to) (hour-aligned) from the ledger, in one transaction. */
  async replay(from: Date, to: Date): Promise<{ hours: number; events: number }> {
    const start = floorHour(from);
    const end = floorHour(to);
    return this.withRetry(async (c) => {
      await c.query('DELETE FROM cost_rollup WHERE hour >= $1 AND hour < $2', [start, end]);
      const up = await c.query(
        `INSERT INTO cost_rollup (${ROLLUP_COLUMNS})
         ${ROLLUP_SELECT} FROM usage_event WHERE time >= $1 AND time < $2 ${ROLLUP_GROUP}`,
        [start, end],
      );
      const n = await c.query<{ n: string }>('SELECT count(*)::text AS n FROM usage_event WHERE time >= $1 AND time < $2', [start, end]);
      return { hours: up.rowCount ?? 0, events: Number(n.rows[0].n) };
    });
  }

  /** Runs fn in a transaction, retrying serialisation failures and deadlocks a few times. */
  private async withRetry<T>(fn: (c: PoolClient) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const client = await this.pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(client);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        const code = (error as { code?: string }).code;
        if (attempt < 5 && (code === '40P01' || code === '40001')) continue;
        throw error;
      } finally {
        client.release();
      }
    }
  }
}

function toRow(e: LedgerEvent): Record<string, unknown> {
  return {
    request_id: e.requestId, time: e.time, workspace_id: e.workspaceId, user_id: e.userId, api_key_id: e.apiKeyId,
    route: e.route, model: e.model, upstream_model: e.upstreamModel, target_kind: e.targetKind,
    deployment_id: e.deploymentId, provider_id: e.providerId, provider_key_id: e.providerKeyId,
    instance_id: e.instanceId, endpoint: e.endpoint, prompt_tokens: e.promptTokens,
    cached_prompt_tokens: e.cachedPromptTokens, completion_tokens: e.completionTokens, latency_ms: e.latencyMs,
    ttft_ms: e.ttftMs, status_code: e.statusCode, outcome: e.outcome, estimated: e.estimated, price_id: e.priceId,
    currency: e.currency, cost: e.cost,
  };
}

/** The distinct (deployment, hour)s of the events of these deployments, sorted (the lock order). Pure. */
function hoursOfDeployments(events: readonly LedgerEvent[], deploymentIds: readonly string[]): Array<{ deploymentId: string; hour: Date }> {
  if (deploymentIds.length === 0) return [];
  const wanted = new Set(deploymentIds);
  const keys = new Map<string, { deploymentId: string; hour: Date }>();
  for (const e of events) {
    if (!wanted.has(e.deploymentId)) continue;
    const hour = floorHour(new Date(e.time));
    keys.set(`${e.deploymentId}\u0000${hour.toISOString()}`, { deploymentId: e.deploymentId, hour });
  }
  return [...keys.values()].sort((a, b) => (a.deploymentId === b.deploymentId ? a.hour.getTime() - b.hour.getTime() : a.deploymentId < b.deploymentId ? -1 : 1));
}

function floorHour(d: Date): Date {
  return new Date(Math.floor(d.getTime() / 3_600_000) * 3_600_000);
}

/** [start, end) of a "YYYY-MM" month in UTC. */
export function monthBounds(period: string): { start: Date; end: Date } {
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  if (!m) throw new Error(`invalid period "${period}" (YYYY-MM)`);
  const year = Number(m[1]);
  const month = Number(m[2]) - 1;
  return { start: new Date(Date.UTC(year, month, 1)), end: new Date(Date.UTC(year, month + 1, 1)) };
}
