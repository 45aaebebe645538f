import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { createRedis, HealthStore, PoolStore } from '@switchyard/pool-state';
import { ReadinessRegistry } from '@switchyard/service-kit';
import { MonitorKeys } from './monitor.keys';
import { MONITOR_KEYS, REDIS, REDIS_SUBSCRIBER, type RedisClient } from './redis.tokens';

class RedisLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(REDIS) private readonly redis: RedisClient,
    @Inject(REDIS_SUBSCRIBER) private readonly subscriber: RedisClient,
    private readonly readiness: ReadinessRegistry,
  ) {}

  onModuleInit(): void {
    this.readiness.register({
      name: 'redis',
      check: async () => this.redis.status === 'ready' && (await this.redis.ping()) === 'PONG',
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([this.subscriber.quit(), this.redis.quit()]);
  }
}

/** Redis connections (command + subscriber), the pool and health stores on them, and the 'redis' readiness check. */
@Global()
@Module({})
export class RedisModule {
  static forRoot(options: { url: string; prefix: string; replicaId: string }): DynamicModule {
    return {
      module: RedisModule,
      providers: [
        { provide: REDIS, useFactory: () => createRedis({ url: options.url, name: `health-monitor:${options.replicaId}` }) },
        { provide: REDIS_SUBSCRIBER, useFactory: () => createRedis({ url: options.url, name: `health-monitor-sub:${options.replicaId}` }) },
        { provide: MONITOR_KEYS, useValue: new MonitorKeys(options.prefix) },
        { provide: PoolStore, inject: [REDIS], useFactory: (redis: RedisClient) => new PoolStore(redis, options.prefix) },
        { provide: HealthStore, inject: [REDIS], useFactory: (redis: RedisClient) => new HealthStore(redis, options.prefix) },
        RedisLifecycle,
      ],
      exports: [REDIS, REDIS_SUBSCRIBER, MONITOR_KEYS, PoolStore, HealthStore],
    };
  }
}
