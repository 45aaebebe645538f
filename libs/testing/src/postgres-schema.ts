import { Client } from 'pg';
import { uniqueId } from './unique-names';

/** The database tests use: TEST_DATABASE_URL, else the local switchyard_test database. */
export function testDatabaseUrl(): string {
  return process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/switchyard_test';
}

export interface TestSchema {
  /** The schema's name, e.g. `t_registry_3f9a1c2b7e`. */
  schema: string;
  /** The database URL with `?schema=` set (Prisma style) and `options=-c search_path=…` (libpq style). */
  url: string;
  /** Runs SQL (e.g. migrations) with the search_path set to the schema. */
  exec(sql: string): Promise<void>;
  /** Runs one query in the schema and returns its rows (assertions on what a service wrote). */
  query<R extends Record<string, unknown> = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
  drop(): Promise<void>;
}

/** Creates a fresh schema in the test database; `drop()` removes it with everything in it. */
export async function createTestSchema(label: string): Promise<TestSchema> {
  const base = testDatabaseUrl();
  const schema = uniqueId(`t_${label.replace(/[^a-z0-9_]/gi, '').toLowerCase().slice(0, 20)}_`);
  const client = new Client({ connectionString: base });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA "${schema}"`);
  } finally {
    await client.end();
  }
  const url = new URL(base);
  url.searchParams.set('schema', schema);
  return {
    schema,
    url: url.toString(),
    exec: async (sql: string) => {
      const c = new Client({ connectionString: base });
      await c.connect();
      try {
        await c.query(`SET search_path TO "${schema}"`);
        await c.query(sql);
      } finally {
        await c.end();
      }
    },
    query: async <R extends Record<string, unknown>>(sql: string, params: unknown[] = []) => {
      const c = new Client({ connectionString: base });
      await c.connect();
      try {
        await c.query(`SET search_path TO "${schema}"`);
        return (await c.query(sql, params)).rows as R[];
      } finally {
        await c.end();
      }
    },
    drop: async () => {
      const c = new Client({ connectionString: base });
      await c.connect();
      try {
        await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await c.end();
      }
    },
  };
}
