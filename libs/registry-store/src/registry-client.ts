import { PrismaClient } from './generated/client';
import { createPgAdapter } from './pg-adapter';

/** The registry's database client (Prisma over the pg driver adapter). */
export type RegistryDb = InstanceType<typeof PrismaClient>;
/** The client handed to `db.$transaction(async (tx) => …)`. */
export type RegistryTx = Parameters<Parameters<RegistryDb['$transaction']>[0]>[0];

export interface RegistryClientOptions {
  databaseUrl: string;
  /** PostgreSQL schema; default `?schema=` of the URL, else `registry`. */
  schema?: string;
}

/** Creates a client bound to one schema; `$disconnect()` closes its pool. */
export function createRegistryClient(options: RegistryClientOptions): RegistryDb {
  return new PrismaClient({ adapter: createPgAdapter(options.databaseUrl, options.schema) });
}

/** True when the database answers within the caller's timeout (readiness check). */
export async function pingRegistryDb(db: RegistryDb): Promise<boolean> {
  try {
    await db.$queryRaw`SELECT 1`;
    return true;
  } catch {
    return false;
  }
}
