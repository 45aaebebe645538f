// Billing's PostgreSQL store: the usage ledger (deduplicated by request id), hourly cost roll-ups, budget alerts.
// Must not depend on any service, NestJS or messaging; only pg.
export * from './billing.store';
export { BILLING_DDL } from './billing.schema';
