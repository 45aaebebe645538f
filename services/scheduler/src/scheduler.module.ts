import { Module, type DynamicModule } from '@nestjs/common';
import { CONFIG, ConfigService } from '@switchyard/config';
import { decodeRegistrySnapshot, Streams } from '@switchyard/contracts';
import { EventPublisher, MessagingModule, RequestClient, SignalBus } from '@switchyard/messaging';
import type { Logger, Metrics } from '@switchyard/observability';
import { createRedis } from '@switchyard/pool-state';
import { RolloutStore } from '@switchyard/scheduler-store';
import { LOGGER, METRICS, ReadinessRegistry, ServiceKitModule } from '@switchyard/service-kit';
import { RolloutController } from './api/rollout.controller';
import { StatusController } from './api/status.controller';
import { DeploymentEventsController } from './desired/deployment-events.controller';
import { NatsEventSink } from './events/nats-event.sink';
import type { RedisClient } from './leader/leader-election';
import type { SchedulerConfig } from './scheduler.config';
import { SchedulerCore } from './scheduler.core';
import { createSchedulerMetrics, type SchedulerMetrics } from './scheduler.metrics';
import { SchedulerLifecycle } from './scheduler.lifecycle';
import { RolloutCoordinator } from './rollouts/rollout.coordinator';
import { TrafficWindow } from './rollouts/traffic.window';
import { AutoscalerLoop } from './autoscaling/autoscaler.loop';
import { PoolPressureReader } from './autoscaling/pool-pressure.reader';
import { OverflowLoop } from './overflow/overflow.loop';
import { LEADER_LOOPS, SCHEDULER_METRICS } from './scheduler.tokens';
import { REDIS, ROLLOUT_STORE, SCHEDULER_CONFIG } from './scheduler.tokens';

const SNAPSHOT_TIMEOUT_MS = 10_000;

/** The scheduler: leader election, reconciler and drivers, rollouts, auto-scaling, overflow. */
@Module({})
export class SchedulerModule {
  static forRoot(options: { config: SchedulerConfig; logger: Logger; metrics: Metrics }): DynamicModule {
    const { config } = options;
    return {
      module: SchedulerModule,
      imports: [
        ServiceKitModule.forRoot({ service: 'scheduler', logger: options.logger, metrics: options.metrics }),
        MessagingModule.forRoot({ service: 'scheduler', url: config.NATS_URL, namespace: config.NATS_NAMESPACE, streams: [Streams.Control] }),
      ],
      controllers: [DeploymentEventsController, RolloutController, StatusController],
      providers: [
        { provide: SCHEDULER_CONFIG, useValue: config },
        { provide: SCHEDULER_METRICS, inject: [METRICS], useFactory: (metrics: Metrics) => createSchedulerMetrics(metrics) },
        { provide: CONFIG, useValue: new ConfigService(config) },
        {
          provide: REDIS,
          inject: [ReadinessRegistry],
          useFactory: (readiness: ReadinessRegistry): RedisClient => {
            const redis = createRedis({ url: config.REDIS_URL, name: 'scheduler' });
            redis.on('error', () => undefined); // reconnects by itself; readiness reports it
            readiness.register({ name: 'redis', check: async () => (await redis.ping()) === 'PONG' });
            return redis;
          },
        },
        {
          provide: ROLLOUT_STORE,
          inject: [ReadinessRegistry],
          useFactory: async (readiness: ReadinessRegistry): Promise<RolloutStore> => {
            const store = await RolloutStore.connect({ url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA });
            readiness.register({ name: 'postgres', check: () => store.ping() });
            return store;
          },
        },
        {
          provide: SchedulerCore,
          inject: [REDIS, EventPublisher, RequestClient, LOGGER, SCHEDULER_METRICS],
          useFactory: (redis: RedisClient, publisher: EventPublisher, requests: RequestClient, logger: Logger, metrics: SchedulerMetrics) =>
            new SchedulerCore({
              config,
              redis,
              logger,
              metrics,
              events: new NatsEventSink(publisher, redis, config.REDIS_PREFIX),
              fetchSnapshot: async () =>
                decodeRegistrySnapshot(await requests.request('RegistrySnapshot', { requester: 'scheduler' }, { timeoutMs: SNAPSHOT_TIMEOUT_MS })),
            }),
        },
        {
          provide: RolloutCoordinator,
          inject: [SchedulerCore, ROLLOUT_STORE, SignalBus, LOGGER],
          useFactory: (core: SchedulerCore, store: RolloutStore, signals: SignalBus, logger: Logger) => {
            const traffic = new TrafficWindow();
            signals.on('UpstreamOutcome', (outcome) => traffic.record(outcome));
            const rollouts = new RolloutCoordinator({
              store,
              health: core.health,
              executor: core.executor,
              traffic,
              fence: () => core.election.fence,
              onStale: () => void core.election.resign('stale fencing token (rollouts)'),
              kick: () => core.reconciler.kick(),
              logger: logger.child({ component: 'rollouts' }),
            });
            core.useRollouts(rollouts);
            core.addLeaderLoop(rollouts.asLeaderLoop());
            return rollouts;
          },
        },
        {
          provide: LEADER_LOOPS,
          inject: [SchedulerCore, RolloutCoordinator, LOGGER, SCHEDULER_METRICS],
          useFactory: (core: SchedulerCore, rollouts: RolloutCoordinator, logger: Logger, metrics: SchedulerMetrics) => {
            const pressure = new PoolPressureReader(core.pools, core.health);
            const autoscaler = new AutoscalerLoop({
              desired: core.desired,
              pressure,
              events: core.events,
              scalable: (id) => !rollouts.isRunning(id),
              fence: () => core.election.fence,
              kick: () => core.reconciler.kick(),
              intervalMs: config.AUTOSCALE_INTERVAL_MS,
              logger: logger.child({ component: 'autoscaler' }),
              metrics,
            });
            const overflow = new OverflowLoop({
              desired: core.desired,
              pressure,
              currentShare: (id) => core.reconciler.context(id)?.membership.overflowShare,
              setShare: async (id, share) => {
                const ctx = core.reconciler.context(id);
                if (!ctx) return false;
                ctx.membership.overflowShare = share;
                await core.executor.flush(ctx);
                return true;
              },
              intervalMs: config.AUTOSCALE_INTERVAL_MS,
              logger: logger.child({ component: 'overflow' }),
            });
            core.addLeaderLoop(autoscaler);
            core.addLeaderLoop(overflow);
            return [autoscaler, overflow];
          },
        },
        SchedulerLifecycle,
      ],
    };
  }
}
