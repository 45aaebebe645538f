// The scheduler's PostgreSQL state (schema `scheduler`): rollout state machines, written fenced by the leader.
// Must not depend on any service, on NestJS, or on the shape of a rollout (the state is opaque JSON here).
export { RolloutStore, StaleFenceError, type RolloutRow, type RolloutStoreOptions } from './rollout.store';
export { schedulerStoreDdl } from './scheduler-store.ddl';
