// Billing's PostgreSQL store: the usage ledger (deduplicated by request id), hourly cost roll-ups, budget alerts,
// GPU-hour spans and their spreading. Must not depend on any service, NestJS or messaging; only pg.
export * from './billing.store';
export * from './gpu-ledger';
export { IDLE_ENDPOINT } from './rollup.sql';
export { BILLING_DDL } from './billing.schema';
export { migrateBillingSchema, type MigrationReport } from './billing.migration';
