import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { RolloutStore } from '@switchyard/scheduler-store';
import type { RedisClient } from './leader/leader-election';
import { RolloutCoordinator } from './rollouts/rollout.coordinator';
import { SchedulerCore } from './scheduler.core';
import { LEADER_LOOPS, REDIS, ROLLOUT_STORE } from './scheduler.tokens';

/** Starts campaigning once the app is up; on shutdown steps down (instances drained and stopped) before NATS closes. */
@Injectable()
export class SchedulerLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  constructor(
    @Inject(SchedulerCore) private readonly core: SchedulerCore,
    @Inject(REDIS) private readonly redis: RedisClient,
    @Inject(ROLLOUT_STORE) private readonly store: RolloutStore,
    // Injected so it is wired into the core before campaigning starts.
    @Inject(RolloutCoordinator) readonly rollouts: RolloutCoordinator,
    @Inject(LEADER_LOOPS) readonly loops: unknown[],
  ) {}

  onApplicationBootstrap(): void {
    this.core.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.core.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.close().catch(() => undefined);
    this.redis.disconnect();
  }
}
