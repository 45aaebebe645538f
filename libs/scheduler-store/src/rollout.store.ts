import { Pool, type PoolClient } from 'pg';
import { schedulerStoreDdl } from './scheduler-store.ddl';

/** A write by a scheduler whose fencing token is older than one already used: it is not the leader any more. */
export class StaleFenceError extends Error {
  readonly retryable = false;
  constructor(readonly fence: number, readonly current: number) {
    super(`stale scheduler: fencing token ${fence} is older than ${current}`);
    this.name = 'StaleFenceError';
  }
}

export interface RolloutRow<S = unknown> {
  id: string;
  deploymentId: string;
  status: string;
  state: S;
  fence: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface RolloutStoreOptions {
  /** postgresql://… (credentials stay inside the pool; never logged here). */
  url: string;
  /** Default `scheduler`. */
  schema?: string;
  poolSize?: number;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;
const ACTIVE = ['running', 'paused', 'rolling-back'];

interface RawRow {
  id: string;
  deployment_id: string;
  status: string;
  state: unknown;
  fence: string;
  created_at: Date;
  updated_at: Date;
}

/**
 * Rollout state machines, one row each, so a restarted (or newly elected) scheduler resumes mid-rollout. Every
 * write carries the leader's fencing token: a token older than the newest one seen is refused (StaleFenceError).
 */
export class RolloutStore {
  private constructor(private readonly pool: Pool, private readonly schema: string) {}

  static async connect(options: RolloutStoreOptions): Promise<RolloutStore> {
    const schema = options.schema ?? 'scheduler';
    if (!IDENTIFIER.test(schema)) throw new Error('invalid schema name');
    const pool = new Pool({ connectionString: options.url, max: options.poolSize ?? 4, connectionTimeoutMillis: 5_000 });
    pool.on('error', () => undefined); // an idle client's error: the next query reconnects
    const store = new RolloutStore(pool, schema);
    try {
      await store.transaction(async (c) => {
        // Two replicas starting together must not race on CREATE TABLE.
        await c.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`scheduler-store-ddl:${schema}`]);
        await c.query(schedulerStoreDdl(schema));
      });
    } catch (error) {
      await pool.end();
      throw error;
    }
    return store;
  }

  private get t(): string {
    return `"${this.schema}".rollouts`;
  }

  async ping(): Promise<boolean> {
    try {
      await this.pool.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  /** Inserts or updates a rollout, fenced. */
  async save<S>(fence: number, row: { id: string; deploymentId: string; status: string; state: S }): Promise<void> {
    await this.transaction(async (c) => {
      const res = await c.query<{ fence: string }>(
        `INSERT INTO "${this.schema}".leader_fence (id, fence) VALUES (1, $1)
         ON CONFLICT (id) DO UPDATE SET fence = GREATEST("${this.schema}".leader_fence.fence, EXCLUDED.fence)
         RETURNING fence`,
        [fence],
      );
      const current = Number(res.rows[0].fence);
      if (current > fence) throw new StaleFenceError(fence, current);
      await c.query(
        `INSERT INTO ${this.t} (id, deployment_id, status, state, fence) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, state = EXCLUDED.state, fence = EXCLUDED.fence, updated_at = now()`,
        [row.id, row.deploymentId, row.status, JSON.stringify(row.state), fence],
      );
    });
  }

  async get<S>(id: string): Promise<RolloutRow<S> | undefined> {
    const res = await this.pool.query<RawRow>(`SELECT * FROM ${this.t} WHERE id = $1`, [id]);
    return res.rows[0] ? toRow<S>(res.rows[0]) : undefined;
  }

  /** The newest rollout of a deployment, finished or not. */
  async latest<S>(deploymentId: string): Promise<RolloutRow<S> | undefined> {
    const res = await this.pool.query<RawRow>(`SELECT * FROM ${this.t} WHERE deployment_id = $1 ORDER BY created_at DESC, id DESC LIMIT 1`, [deploymentId]);
    return res.rows[0] ? toRow<S>(res.rows[0]) : undefined;
  }

  /** Rollouts not finished (running, paused, rolling back). */
  async unfinished<S>(): Promise<Array<RolloutRow<S>>> {
    const res = await this.pool.query<RawRow>(`SELECT * FROM ${this.t} WHERE status = ANY($1) ORDER BY created_at`, [ACTIVE]);
    return res.rows.map((r) => toRow<S>(r));
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private async transaction<T>(work: (c: PoolClient) => Promise<T>): Promise<T> {
    const c = await this.pool.connect();
    try {
      await c.query('BEGIN');
      const out = await work(c);
      await c.query('COMMIT');
      return out;
    } catch (error) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      c.release();
    }
  }
}

function toRow<S>(r: RawRow): RolloutRow<S> {
  return { id: r.id, deploymentId: r.deployment_id, status: r.status, state: r.state as S, fence: Number(r.fence), createdAt: r.created_at, updatedAt: r.updated_at };
}
