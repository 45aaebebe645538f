import Redis from 'ioredis';

export interface RedisOptions {
  url: string;
  /** Name shown in CLIENT LIST. */
  name?: string;
}

/** An ioredis client that reconnects forever and does not queue commands forever while Redis is away. */
export function createRedis(options: RedisOptions): Redis {
  return new Redis(options.url, {
    connectionName: options.name,
    lazyConnect: false,
    maxRetriesPerRequest: 2,
    enableOfflineQueue: true,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
  });
}
