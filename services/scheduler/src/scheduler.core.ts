import { hostname } from 'node:os';
import type { RegistrySnapshot, RuntimeDriver as RuntimeDriverName } from '@switchyard/contracts';
import { HealthStore, PoolStore } from '@switchyard/pool-state';
import type { Logger } from '@switchyard/observability';
import { DesiredStateStore } from './desired/desired-state.store';
import { RegistryFeed } from './desired/registry-feed';
import { KubernetesDriver } from './drivers/kubernetes.driver';
import { ProcessDriver } from './drivers/process.driver';
import type { RuntimeDriver } from './drivers/runtime-driver';
import { StaticDriver } from './drivers/static.driver';
import type { SchedulerEventSink } from './events/scheduler-events';
import { LeaderElection, type RedisClient } from './leader/leader-election';
import { LeadershipCoordinator, type LeaderLoop } from './leader/leadership.coordinator';
import { DeploymentExecutor } from './reconciler/deployment.executor';
import { NO_ROLLOUTS, Reconciler, type RolloutHook } from './reconciler/reconciler';
import type { SchedulerConfig } from './scheduler.config';
import type { SchedulerMetrics } from './scheduler.metrics';

export interface SchedulerCoreDeps {
  config: SchedulerConfig;
  redis: RedisClient;
  events: SchedulerEventSink;
  fetchSnapshot: () => Promise<RegistrySnapshot>;
  logger: Logger;
  metrics?: SchedulerMetrics;
  /** Extra drivers or replacements, by name. */
  extraDrivers?: () => Array<[RuntimeDriverName, RuntimeDriver]>;
}

/**
 * The scheduler without its transport: leader election, desired state, drivers, reconciler. The Nest module
 * wires it to NATS and HTTP; tests can drive it too.
 */
export class SchedulerCore {
  readonly pools: PoolStore;
  readonly health: HealthStore;
  readonly desired: DesiredStateStore;
  readonly election: LeaderElection;
  readonly executor: DeploymentExecutor;
  readonly reconciler: Reconciler;
  readonly feed: RegistryFeed;
  private rolloutHook: RolloutHook = NO_ROLLOUTS;
  private readonly loops: LeaderLoop[] = [];

  get events(): SchedulerEventSink {
    return this.deps.events;
  }

  constructor(private readonly deps: SchedulerCoreDeps) {
    const { config, redis, logger } = deps;
    const prefix = config.REDIS_PREFIX;
    this.pools = new PoolStore(redis, prefix);
    this.health = new HealthStore(redis, prefix);
    this.desired = new DesiredStateStore(redis, prefix);
    this.election = new LeaderElection(redis, this.pools, {
      key: `${prefix}scheduler:leader`,
      id: config.SCHEDULER_ID ?? `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`,
      ttlMs: config.LEADER_TTL_MS,
      logger,
    });
    this.executor = new DeploymentExecutor({
      pools: this.pools,
      events: deps.events,
      fence: () => this.election.fence,
      onStale: (error) => {
        logger.error({ fence: error.fence, current: error.current }, 'pool write refused: a newer leader exists');
        void this.election.resign('stale fencing token');
      },
      drainGraceMs: config.DRAIN_GRACE_MS,
      drainTimeoutMs: config.DRAIN_TIMEOUT_MS,
      logger,
      metrics: deps.metrics,
    });
    this.reconciler = new Reconciler({
      desired: this.desired,
      pools: this.pools,
      executor: this.executor,
      createDrivers: () => this.createDrivers(),
      rollouts: () => this.rolloutHook,
      intervalMs: config.RECONCILE_INTERVAL_MS,
      logger,
    });
    this.feed = new RegistryFeed(this.desired, deps.fetchSnapshot, logger, () => this.reconciler.kick());
  }

  /** Rollouts plug in here (they need the PostgreSQL store). */
  useRollouts(hook: RolloutHook): void {
    this.rolloutHook = hook;
  }

  /** Loops only the leader runs (auto-scaling, overflow, rollouts). Register before start(). */
  addLeaderLoop(loop: LeaderLoop): void {
    this.loops.push(loop);
  }

  start(): void {
    const gauge = this.deps.metrics?.leader;
    if (gauge) this.election.listen({ elected: () => gauge.set(1), deposed: () => gauge.set(0) });
    this.election.listen(new LeadershipCoordinator(this.feed, this.reconciler, this.loops, this.deps.config.RESYNC_INTERVAL_MS, this.deps.logger));
    this.election.start();
  }

  /** Steps down (stopping every instance this replica started) and releases the lease. */
  async stop(): Promise<void> {
    await this.election.stop();
    await this.reconciler.stop();
  }

  private createDrivers(): Map<RuntimeDriverName, RuntimeDriver> {
    const { config, logger } = this.deps;
    const drivers = new Map<RuntimeDriverName, RuntimeDriver>([
      ['static', new StaticDriver()],
      [
        'process',
        new ProcessDriver({
          command: config.ENGINE_COMMAND,
          cwd: config.ENGINE_CWD,
          portRange: config.ENGINE_PORT_RANGE,
          startTimeoutMs: config.ENGINE_START_TIMEOUT_MS,
          drainTimeoutMs: config.DRAIN_TIMEOUT_MS,
          drainGraceMs: config.DRAIN_GRACE_MS,
          restartBackoffMs: config.RESTART_BACKOFF_MS,
          maxRestarts: config.MAX_RESTARTS,
          allowDeploymentArgs: config.ENGINE_ALLOW_DEPLOYMENT_ARGS,
          envPassthrough: config.ENGINE_ENV_PASSTHROUGH,
          logger: logger.child({ driver: 'process' }),
        }),
      ],
      [
        'kubernetes',
        new KubernetesDriver({
          apiUrl: config.KUBERNETES_API_URL,
          namespace: config.KUBERNETES_NAMESPACE,
          tokenFile: config.KUBERNETES_TOKEN_FILE,
          drainTimeoutMs: config.DRAIN_TIMEOUT_MS,
          drainGraceMs: config.DRAIN_GRACE_MS,
          logger: logger.child({ driver: 'kubernetes' }),
        }),
      ],
    ]);
    for (const [name, driver] of this.deps.extraDrivers?.() ?? []) drivers.set(name, driver);
    return drivers;
  }
}
