import type { Pool, PoolClient } from 'pg';
import { BILLING_DDL, BILLING_UPGRADES } from './billing.schema';

/** What a migration did not manage and left for the next start (the service logs it; nothing depends on it). */
export interface MigrationReport {
  warnings: string[];
}

const LOCK_TIMEOUT = '3s';
const MAX_LOCK_WAIT_MS = 10 * 60_000;
const RETRYABLE = new Set(['40P01', '55P03']); // deadlock detected, lock not available (lock_timeout)

/**
 * Brings the billing schema up to date, safely on a live ledger and from several replicas at once:
 * - replicas take turns through an advisory lock, waited for with pg_try_advisory_lock (a blocked
 *   pg_advisory_lock would hold a snapshot that another replica's CREATE INDEX CONCURRENTLY waits for: deadlock);
 * - each statement runs on its own and only when its table or index is missing, so a start against an
 *   up-to-date schema takes no table lock at all, and none is held across statements (ingest locks the GPU queue
 *   before the ledger; a multi-statement DDL transaction locking them the other way round deadlocked with it);
 * - lock waits are bounded (lock_timeout) and deadlocks/timeouts retried;
 * - the index added to usage_event is built CONCURRENTLY, and an invalid one left by an interrupted build is
 *   dropped and built again; if it cannot be built now, the start goes on and says so.
 */
export async function migrateBillingSchema(pool: Pool, schema: string): Promise<MigrationReport> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await migrateOnce(pool, schema);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (attempt >= 5 || !code || !RETRYABLE.has(code)) throw error;
      await sleep(250 * attempt);
    }
  }
}

async function migrateOnce(pool: Pool, schema: string): Promise<MigrationReport> {
  const report: MigrationReport = { warnings: [] };
  const client = await pool.connect();
  const key = `billing-migrate:${schema}`;
  let locked = false;
  try {
    for (const started = Date.now(); !locked; ) {
      locked = (await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS ok', [key])).rows[0].ok;
      if (locked) break;
      if (Date.now() - started > MAX_LOCK_WAIT_MS) throw new Error('another billing replica has been migrating for 10 minutes');
      await sleep(100);
    }
    await client.query(`SET lock_timeout = '${LOCK_TIMEOUT}'`);
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    const { tables, indexes } = await catalog(client, schema);
    for (const statement of ddlStatements(BILLING_DDL)) {
      const table = /^CREATE TABLE IF NOT EXISTS (\w+)/i.exec(statement)?.[1];
      const index = /^CREATE (?:UNIQUE )?INDEX IF NOT EXISTS (\w+)/i.exec(statement)?.[1];
      if ((table && tables.has(table)) || (index && indexes.has(index))) continue;
      await client.query(statement);
    }
    for (const upgrade of BILLING_UPGRADES) {
      if (((await client.query(upgrade.missing, [schema])).rowCount ?? 0) > 0) continue;
      if (!upgrade.concurrently) {
        await client.query(upgrade.apply);
        continue;
      }
      try {
        // CONCURRENTLY: not in a transaction, writers go on; it waits for older transactions (no lock_timeout).
        await client.query('SET lock_timeout = 0');
        for (const statement of upgrade.apply.split(';').map((s) => s.trim()).filter(Boolean)) await client.query(statement);
      } catch (error) {
        report.warnings.push(`${upgrade.name} not built yet (${(error as Error).message}); retried at the next start`);
      } finally {
        await client.query(`SET lock_timeout = '${LOCK_TIMEOUT}'`);
      }
    }
    return report;
  } finally {
    if (locked) await client.query('SELECT pg_advisory_unlock(hashtext($1))', [key]).catch(() => undefined);
    await client.query('RESET lock_timeout').catch(() => undefined);
    client.release();
  }
}

async function catalog(client: PoolClient, schema: string): Promise<{ tables: Set<string>; indexes: Set<string> }> {
  const tables = await client.query<{ name: string }>('SELECT tablename AS name FROM pg_tables WHERE schemaname = $1', [schema]);
  const indexes = await client.query<{ name: string }>('SELECT indexname AS name FROM pg_indexes WHERE schemaname = $1', [schema]);
  return { tables: new Set(tables.rows.map((r) => r.name)), indexes: new Set(indexes.rows.map((r) => r.name)) };
}

/** The DDL's statements, comments dropped (none of them contains a semicolon). */
export function ddlStatements(ddl: string): string[] {
  return ddl
    .split('\n')
    .filter((line) => !line.trim().startsWith('--'))
    .join('\n')
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
