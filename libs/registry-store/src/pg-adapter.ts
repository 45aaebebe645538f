import { PrismaPg } from '@prisma/adapter-pg';
import { parse } from 'pg-connection-string';
import type { PoolConfig } from 'pg';

/** PostgreSQL connection settings for one schema, parsed from a URL (Prisma-style `?schema=` is honoured). */
export function pgConfigFor(databaseUrl: string, schema?: string): { config: PoolConfig; schema: string } {
  const url = new URL(databaseUrl);
  const chosen = schema ?? url.searchParams.get('schema') ?? 'registry';
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(chosen)) throw new Error(`invalid schema name "${chosen}"`);
  url.searchParams.delete('schema');
  url.searchParams.delete('options');
  const parsed = parse(url.toString());
  // A parsed object, never `connectionString`: with a string, Prisma's shadow database connection reuses the main one.
  const config: PoolConfig = {
    host: parsed.host ?? '127.0.0.1',
    port: parsed.port ? Number(parsed.port) : 5432,
    database: parsed.database ?? undefined,
    user: parsed.user ?? undefined,
    password: parsed.password ?? undefined,
    options: `-c search_path="${chosen}"`,
    max: 10,
  };
  return { config, schema: chosen };
}

type Connected = Awaited<ReturnType<PrismaPg['connect']>>;
const patched = new WeakSet<object>();

/**
 * Works around prisma/orm#27403: the schema engine reads catalog columns of type `name` (oid 19), which the pg
 * adapter cannot map. We report them as text (oid 25) before the adapter maps them.
 */
function patchNameColumns(adapter: Connected): void {
  const proto = Object.getPrototypeOf(Object.getPrototypeOf(adapter)) as { performIO?: (...args: unknown[]) => Promise<unknown> };
  if (!proto?.performIO || patched.has(proto)) return;
  const original = proto.performIO;
  proto.performIO = async function (this: unknown, ...args: unknown[]) {
    const result = (await original.apply(this, args)) as { fields?: Array<{ dataTypeID: number }> } | undefined;
    for (const field of result?.fields ?? []) if (field.dataTypeID === 19) field.dataTypeID = 25;
    return result;
  };
  patched.add(proto);
}

/** The driver adapter factory used by the Prisma client at run time and by the CLI (`migrate deploy`). */
export function createPgAdapter(databaseUrl: string, schema?: string): PrismaPg {
  const { config, schema: chosen } = pgConfigFor(databaseUrl, schema);
  const factory = new PrismaPg(config, { schema: chosen });
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    patchNameColumns(adapter);
    return adapter;
  };
  return factory;
}
