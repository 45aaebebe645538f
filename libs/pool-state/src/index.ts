// Live pool state in Redis: pool membership (written only by the scheduler leader, fenced) and instance health
// (written only by the health monitor), with change notifications. Must not depend on any service.
export * from './pool.types';
export { PoolStore, StaleLeaderError } from './pool.store';
export { HealthStore } from './health.store';
export { createRedis, type RedisOptions } from './redis-connection';
export { PoolStateKeys } from './pool-state.keys';
