import type { Pool, PoolClient } from 'pg';
import type { TouchedBudget } from './billing.store';
import { IDLE_ENDPOINT, ROLLUP_KEY_COLUMNS, ROLLUP_KEY_SELECT } from './rollup.sql';

/** One registration of one instance of a deployment; endedAt null while it is registered. */
export interface InstanceSpanRow {
  instanceId: string;
  deploymentId: string;
  workspaceId: string;
  gpus: number;
  startedAt: Date;
  endedAt: Date | null;
}

export interface GpuHourKey {
  deploymentId: string;
  /** The start of the clock hour (UTC). */
  hour: Date;
}

/** What the planner sees of one (deployment, hour): its instances and its ledger rows, locked. */
export interface GpuHourInput extends GpuHourKey {
  spans: InstanceSpanRow[];
  events: Array<{ requestId: string; tokens: bigint; currency: string; gpuCost: string; idle: boolean }>;
}

/** What to book: the new GPU share of every row (decimal strings), and the idle remainder. */
export interface GpuHourPlan {
  currency: string;
  /** The hour's GPU cost in all (shares + idle). */
  cost: string;
  gpuMs: bigint;
  tokens: bigint;
  /** requestId -> its new GPU share; rows not named get "0". */
  shares: ReadonlyMap<string, string>;
  /** Booked on the hour's idle row ("0" = none). */
  idle: string;
  /** For the idle row, when one has to be created. */
  idleRow: { workspaceId: string; model: string; priceId: string | null };
}

export interface GpuHourOutcome {
  /** spread: booked; busy: another replica holds the hour; clean: nothing queued. */
  outcome: 'spread' | 'busy' | 'clean';
  /** The (workspace, key, month)s whose spend changed: budgets are re-checked for these. */
  touched: TouchedBudget[];
}

const IDLE_PREFIX = 'gpu-idle:';

/** The ledger row id of a deployment's idle hour in one currency (usage records never carry this prefix). */
export function idleRequestId(deploymentId: string, hour: Date, currency: string): string {
  return `${IDLE_PREFIX}${deploymentId}:${hour.toISOString()}:${currency}`;
}

/** True for ids of idle rows: billing refuses usage records that claim one. */
export function isIdleRequestId(requestId: string): boolean {
  return requestId.startsWith(IDLE_PREFIX);
}

/**
 * GPU-hour pricing in PostgreSQL: instance spans, the queue of (deployment, hour)s to spread (`gpu_allocation`
 * rows marked dirty) and the spreading itself, which rewrites each row's GPU share and moves the difference into
 * the roll-ups in one transaction, so reports keep equalling the ledger at every moment.
 */
export class GpuLedger {
  constructor(
    private readonly pool: Pool,
    private readonly transaction: <T>(fn: (c: PoolClient) => Promise<T>) => Promise<T>,
  ) {}

  /**
   * An instance was registered: opens its span (a no-op when one is already open: redelivery). When its removal
   * was seen first (events overtaking each other), the span is created already closed at that removal.
   */
  async openSpan(span: Omit<InstanceSpanRow, 'endedAt'>): Promise<boolean> {
    return this.transaction(async (c) => {
      await lockInstance(c, span.instanceId);
      const removed = await c.query<{ at: Date | null }>(
        'SELECT min(removed_at) AS at FROM instance_removal WHERE instance_id = $1 AND removed_at >= $2',
        [span.instanceId, span.startedAt],
      );
      const r = await c.query(
        `INSERT INTO instance_span (instance_id, started_at, ended_at, deployment_id, workspace_id, gpus)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
        [span.instanceId, span.startedAt, removed.rows[0]?.at ?? null, span.deploymentId, span.workspaceId, span.gpus],
      );
      if (r.rowCount === 1) await markDirty(c, span.deploymentId, span.startedAt);
      return r.rowCount === 1;
    });
  }

  /** An instance was removed: closes its open span at `at`; with none open, remembers the removal (see openSpan). */
  async closeSpan(instanceId: string, at: Date): Promise<boolean> {
    return this.transaction(async (c) => {
      await lockInstance(c, instanceId);
      const r = await c.query<{ deployment_id: string }>(
        'UPDATE instance_span SET ended_at = $2 WHERE instance_id = $1 AND ended_at IS NULL AND started_at <= $2 RETURNING deployment_id',
        [instanceId, at],
      );
      for (const row of r.rows) await markDirty(c, row.deployment_id, at);
      if ((r.rowCount ?? 0) === 0) {
        await c.query('INSERT INTO instance_removal (instance_id, removed_at) VALUES ($1, $2) ON CONFLICT DO NOTHING', [instanceId, at]);
      }
      return (r.rowCount ?? 0) > 0;
    });
  }

  /** A deployment was deleted: closes every span still open. */
  async closeDeployment(deploymentId: string, at: Date): Promise<number> {
    return this.transaction(async (c) => {
      const open = await c.query<{ instance_id: string }>(
        'SELECT DISTINCT instance_id FROM instance_span WHERE deployment_id = $1 AND ended_at IS NULL ORDER BY 1',
        [deploymentId],
      );
      for (const row of open.rows) await lockInstance(c, row.instance_id);
      const r = await c.query('UPDATE instance_span SET ended_at = $2 WHERE deployment_id = $1 AND ended_at IS NULL AND started_at <= $2', [deploymentId, at]);
      if ((r.rowCount ?? 0) > 0) await markDirty(c, deploymentId, at);
      return r.rowCount ?? 0;
    });
  }

  /** Forgets removals older than `before` that no registration claimed (they only matter while events are late). */
  async pruneRemovals(before: Date): Promise<number> {
    const r = await this.pool.query('DELETE FROM instance_removal WHERE removed_at < $1', [before]);
    return r.rowCount ?? 0;
  }

  /** Spans of these deployments overlapping [from, to). */
  async spans(deploymentIds: readonly string[], from: Date, to: Date): Promise<InstanceSpanRow[]> {
    if (deploymentIds.length === 0) return [];
    const r = await this.pool.query<SpanDbRow>(
      `SELECT instance_id, deployment_id, workspace_id, gpus, started_at, ended_at FROM instance_span
       WHERE deployment_id = ANY($1::text[]) AND started_at < $3 AND (ended_at IS NULL OR ended_at > $2)
       ORDER BY deployment_id, started_at, instance_id`,
      [deploymentIds, from, to],
    );
    return r.rows.map(toSpan);
  }

  /** Queues these (deployment, hour)s for spreading unless they already are or were. */
  async ensureHours(keys: readonly GpuHourKey[]): Promise<number> {
    if (keys.length === 0) return 0;
    const r = await this.pool.query(
      `INSERT INTO gpu_allocation (deployment_id, hour) SELECT * FROM unnest($1::text[], $2::timestamptz[])
       ON CONFLICT (deployment_id, hour) DO NOTHING`,
      [keys.map((k) => k.deploymentId), keys.map((k) => k.hour)],
    );
    return r.rowCount ?? 0;
  }

  /** Re-queues a deployment's hours from `from` on (its GPU price changed). */
  async markDirtyFrom(deploymentId: string, from: Date): Promise<void> {
    await markDirty(this.pool, deploymentId, from);
  }

  /** Queued (deployment, hour)s whose hour started before `before`, oldest first. */
  async pending(before: Date, limit: number): Promise<GpuHourKey[]> {
    const r = await this.pool.query<{ deployment_id: string; hour: Date }>(
      'SELECT deployment_id, hour FROM gpu_allocation WHERE dirty AND hour < $1 ORDER BY hour, deployment_id LIMIT $2',
      [before, limit],
    );
    return r.rows.map((row) => ({ deploymentId: row.deployment_id, hour: row.hour }));
  }

  /** Booked allocations of a deployment over [from, to), for explanations and tests. */
  async allocations(deploymentId: string, from: Date, to: Date): Promise<Array<{ hour: Date; dirty: boolean; cost: string; idleCost: string; gpuMs: number; tokens: number; currency: string }>> {
    const r = await this.pool.query<{ hour: Date; dirty: boolean; cost: string; idle_cost: string; gpu_ms: string; tokens: string; currency: string }>(
      `SELECT hour, dirty, cost::text, idle_cost::text, gpu_ms::text, tokens::text, currency FROM gpu_allocation
       WHERE deployment_id = $1 AND hour >= $2 AND hour < $3 ORDER BY hour`,
      [deploymentId, from, to],
    );
    return r.rows.map((x) => ({ hour: x.hour, dirty: x.dirty, cost: x.cost, idleCost: x.idle_cost, gpuMs: Number(x.gpu_ms), tokens: Number(x.tokens), currency: x.currency }));
  }

  /**
   * Spreads one queued hour: locks its queue row (another replica holding it -> 'busy'; not queued -> 'clean'),
   * reads its spans and ledger rows (locked), asks `plan` what each row's GPU share is, writes the shares and
   * moves each difference into the roll-ups, books the idle remainder on the hour's idle row, and dequeues.
   */
  async spreadHour(key: GpuHourKey, plan: (input: GpuHourInput) => GpuHourPlan): Promise<GpuHourOutcome> {
    const end = new Date(key.hour.getTime() + 3_600_000);
    return this.transaction(async (c) => {
      const queued = await c.query<{ dirty: boolean }>(
        'SELECT dirty FROM gpu_allocation WHERE deployment_id = $1 AND hour = $2 FOR UPDATE SKIP LOCKED',
        [key.deploymentId, key.hour],
      );
      if (queued.rowCount === 0) {
        const exists = await c.query('SELECT 1 FROM gpu_allocation WHERE deployment_id = $1 AND hour = $2', [key.deploymentId, key.hour]);
        return { outcome: exists.rowCount === 0 ? 'clean' : 'busy', touched: [] };
      }
      if (!queued.rows[0].dirty) return { outcome: 'clean', touched: [] };
      const spans = await c.query<SpanDbRow>(
        `SELECT instance_id, deployment_id, workspace_id, gpus, started_at, ended_at FROM instance_span
         WHERE deployment_id = $1 AND started_at < $3 AND (ended_at IS NULL OR ended_at > $2) ORDER BY started_at, instance_id`,
        [key.deploymentId, key.hour, end],
      );
      const events = await c.query<{ request_id: string; tokens: string; currency: string; gpu_cost: string; endpoint: string }>(
        `SELECT request_id, (prompt_tokens + completion_tokens)::text AS tokens, currency, gpu_cost::text, endpoint
         FROM usage_event WHERE deployment_id = $1 AND time >= $2 AND time < $3 ORDER BY time, request_id FOR UPDATE`,
        [key.deploymentId, key.hour, end],
      );
      const input: GpuHourInput = {
        ...key,
        spans: spans.rows.map(toSpan),
        events: events.rows.map((e) => ({ requestId: e.request_id, tokens: BigInt(e.tokens), currency: e.currency, gpuCost: e.gpu_cost, idle: e.endpoint === IDLE_ENDPOINT })),
      };
      const booked = plan(input);
      const idleId = idleRequestId(key.deploymentId, key.hour, booked.currency);
      const changes = input.events.map((e) => ({
        request_id: e.requestId,
        old_gpu_cost: e.gpuCost,
        gpu_cost: e.requestId === idleId ? booked.idle : (booked.shares.get(e.requestId) ?? '0'),
      }));
      if (!input.events.some((e) => e.requestId === idleId) && !isZero(booked.idle)) {
        await c.query(
          `INSERT INTO usage_event (request_id, time, workspace_id, route, model, target_kind, deployment_id, endpoint,
             prompt_tokens, cached_prompt_tokens, completion_tokens, latency_ms, status_code, outcome, estimated, price_id,
             currency, cost)
           VALUES ($1, $2, $3, '', $4, 'deployment', $5, '${IDLE_ENDPOINT}', 0, 0, 0, 0, 0, 'idle', false, $6, $7, 0)`,
          [idleId, key.hour, booked.idleRow.workspaceId, booked.idleRow.model, key.deploymentId, booked.idleRow.priceId, booked.currency],
        );
        changes.push({ request_id: idleId, old_gpu_cost: '0', gpu_cost: booked.idle });
      }
      const touched = await c.query<{ workspace_id: string; api_key_id: string; period: string }>(
        `WITH d AS (
           SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(request_id text, gpu_cost numeric, old_gpu_cost numeric)
         ),
         u AS (
           UPDATE usage_event e SET gpu_cost = d.gpu_cost, cost = e.cost + (d.gpu_cost - d.old_gpu_cost)
           FROM d WHERE e.request_id = d.request_id AND d.gpu_cost <> d.old_gpu_cost
           RETURNING e.time, e.workspace_id, e.user_id, e.api_key_id, e.route, e.model, e.upstream_model, e.provider_id,
                     e.currency, d.gpu_cost - d.old_gpu_cost AS diff
         ),
         r AS (
           INSERT INTO cost_rollup (${ROLLUP_KEY_COLUMNS}, requests, prompt_tokens, cached_prompt_tokens, completion_tokens, cost, gpu_cost)
           SELECT ${ROLLUP_KEY_SELECT}, 0, 0, 0, 0, sum(diff), sum(diff) FROM u GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8
           ON CONFLICT (${ROLLUP_KEY_COLUMNS}) DO UPDATE SET
             cost = cost_rollup.cost + EXCLUDED.cost, gpu_cost = cost_rollup.gpu_cost + EXCLUDED.gpu_cost
         )
         SELECT DISTINCT workspace_id, api_key_id, to_char(time, 'YYYY-MM') AS period FROM u`,
        [JSON.stringify(changes)],
      );
      await c.query(
        `UPDATE gpu_allocation SET dirty = false, cost = $3, currency = $4, gpu_ms = $5, tokens = $6, idle_cost = $7,
           allocated_at = now() WHERE deployment_id = $1 AND hour = $2`,
        [key.deploymentId, key.hour, booked.cost, booked.currency, booked.gpuMs.toString(), booked.tokens.toString(), booked.idle],
      );
      return {
        outcome: 'spread',
        touched: touched.rows.map((t) => ({ workspaceId: t.workspace_id, apiKeyId: t.api_key_id, period: t.period })),
      };
    });
  }
}

interface SpanDbRow {
  instance_id: string;
  deployment_id: string;
  workspace_id: string;
  gpus: number;
  started_at: Date;
  ended_at: Date | null;
}

function toSpan(r: SpanDbRow): InstanceSpanRow {
  return { instanceId: r.instance_id, deploymentId: r.deployment_id, workspaceId: r.workspace_id, gpus: r.gpus, startedAt: r.started_at, endedAt: r.ended_at };
}

/**
 * Serialises span changes of one instance across billing replicas (they share the durable consumer, so a
 * registration and its removal may be handled at the same time by two of them).
 */
async function lockInstance(c: PoolClient, instanceId: string): Promise<void> {
  await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`billing-instance:${instanceId}`]);
}

/**
 * Re-queues the already-queued hours of a deployment from the hour of `from` on. Rows still dirty are updated too:
 * a row being spread right now is dirty until that spread commits, and this update then waits for its lock and
 * marks it again, so a change made during a spread is never lost.
 */
async function markDirty(c: Pool | PoolClient, deploymentId: string, from: Date): Promise<void> {
  await c.query("UPDATE gpu_allocation SET dirty = true WHERE deployment_id = $1 AND hour >= date_trunc('hour', $2::timestamptz)", [deploymentId, from]);
}

function isZero(decimal: string): boolean {
  return /^-?0*(\.0*)?$/.test(decimal);
}
