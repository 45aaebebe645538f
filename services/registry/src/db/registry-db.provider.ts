import type { Provider } from '@nestjs/common';
import { createRegistryClient, type RegistryDb } from '@switchyard/registry-store';

export type { RegistryDb, RegistryTx } from '@switchyard/registry-store';

/** Injection token of the registry's Prisma client: `@Inject(REGISTRY_DB) private readonly db: RegistryDb`. */
export const REGISTRY_DB = Symbol('registry.db');

/** Provides the client for one database URL and schema (disconnected by RegistryDbLifecycle on shutdown). */
export function registryDbProvider(options: { databaseUrl: string; schema: string }): Provider {
  return {
    provide: REGISTRY_DB,
    useFactory: (): RegistryDb => createRegistryClient({ databaseUrl: options.databaseUrl, schema: options.schema }),
  };
}
