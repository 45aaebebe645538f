// The registry's PostgreSQL store: Prisma schema and migrations, the client (pg driver adapter) and repositories.
// Must not depend on any service, NestJS or messaging; only @prisma/client, @prisma/adapter-pg and pg.
export { createRegistryClient, pingRegistryDb, type RegistryDb, type RegistryTx, type RegistryClientOptions } from './registry-client';
export { OutboxRepository, type OutboxEntry, type PendingOutboxEvent } from './outbox.repository';
export { migrationSql } from './migrations';
export { pgConfigFor } from './pg-adapter';
export { Prisma } from './generated/client';
export type {
  Workspace,
  User,
  Membership,
  RefreshToken,
  ApiKey,
  Provider,
  ProviderKey,
  ProviderModel,
  Model,
  Price,
  Deployment,
  Endpoint,
  Route,
  AuditLog,
  OutboxEvent,
} from './generated/client';
