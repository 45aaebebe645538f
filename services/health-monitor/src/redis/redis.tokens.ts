import type { createRedis } from '@switchyard/pool-state';

/** An ioredis client, typed through the adapter library (services do not import ioredis). */
export type RedisClient = ReturnType<typeof createRedis>;

/** Command connection. */
export const REDIS = Symbol('health-monitor.redis');
/** Subscriber-mode connection for pool change notifications. */
export const REDIS_SUBSCRIBER = Symbol('health-monitor.redis-subscriber');
export const MONITOR_KEYS = Symbol('health-monitor.keys');
