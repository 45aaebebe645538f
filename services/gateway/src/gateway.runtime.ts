// The gateway's composition root: builds the mirror, balancing, upstream client, proxy and the I/O around them
// once, starts the feeds at bootstrap and stops everything in order at shutdown.
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { RetryBudget } from '@switchyard/balancing';
import { CONFIG, ConfigService } from '@switchyard/config';
import { NatsConnection, RequestClient, SignalBus } from '@switchyard/messaging';
import type { Logger, Metrics } from '@switchyard/observability';
import { createRedis, HealthStore, PoolStore } from '@switchyard/pool-state';
import { RateLimiter } from '@switchyard/rate-limit';
import { LOGGER, METRICS, ReadinessRegistry } from '@switchyard/service-kit';
import { UpstreamHttpClient } from '@switchyard/upstream-http';
import { createProviderRegistry } from './providers';
import { kafkaBrokers, type GatewayConfig } from './gateway.config';
import { ModelsHandler } from './http/models.handler';
import type { OpenAiRoutesDeps } from './http/openai.routes';
import { GatewayMetrics } from './metrics/gateway.metrics';
import { GatewayStatsPublisher } from './metrics/gateway-stats.publisher';
import { MirrorSync } from './mirror/mirror-sync.service';
import { RegistryClient } from './mirror/registry.client';
import { RegistryMirror } from './mirror/registry.mirror';
import { standaloneSnapshot } from './mirror/standalone.snapshot';
import { AttemptRunner } from './proxy/attempt.runner';
import { BatchedOutcomeReporter } from './proxy/batched-outcome.reporter';
import { ProxyService } from './proxy/proxy.service';
import { DeploymentBalancer } from './routing/deployment.balancer';
import { InFlightTracker } from './routing/in-flight.tracker';
import { ProviderCredentialsStore } from './routing/provider-credentials.store';
import { TargetResolver } from './routing/target.resolver';
import { SwitchableUsageSink } from './usage/switchable-usage.sink';
import { LoggingUsageSink } from './usage/usage.sink';
import { UsageStreamSink } from './usage/usage-stream.sink';

@Injectable()
export class GatewayRuntime implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly mirror = new RegistryMirror();
  readonly inFlight = new InFlightTracker();
  readonly gatewayMetrics: GatewayMetrics;
  readonly http: UpstreamHttpClient;
  readonly usage: SwitchableUsageSink;
  readonly proxy: ProxyService;
  readonly models: ModelsHandler;
  readonly balancer: DeploymentBalancer;
  readonly credentials: ProviderCredentialsStore;
  private readonly redis: ReturnType<typeof createRedis>;
  private readonly subscriber: ReturnType<typeof createRedis>;
  private readonly limiter: RateLimiter;
  private readonly sync: MirrorSync;
  private readonly stats: GatewayStatsPublisher;
  private readonly outcomes: BatchedOutcomeReporter;
  private readonly log: Logger;
  private readonly cfg: Readonly<GatewayConfig>;
  private sweepTimer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(CONFIG) config: ConfigService<GatewayConfig>,
    @Inject(LOGGER) logger: Logger,
    @Inject(METRICS) metrics: Metrics,
    nats: NatsConnection,
    requests: RequestClient,
    private readonly signals: SignalBus,
    readiness: ReadinessRegistry,
  ) {
    const c = config.all();
    this.cfg = c;
    this.log = logger.child({ component: 'gateway' });
    this.gatewayMetrics = new GatewayMetrics(metrics);
    this.redis = createRedis({ url: c.REDIS_URL, name: `gateway-${c.GATEWAY_ID}` });
    this.subscriber = createRedis({ url: c.REDIS_URL, name: `gateway-${c.GATEWAY_ID}-sub` });
    for (const client of [this.redis, this.subscriber]) client.on('error', () => undefined);
    const registry = new RegistryClient(requests, c.SWITCHYARD_SERVICE_TOKEN, c.GATEWAY_SNAPSHOT_TIMEOUT_MS);
    this.credentials = new ProviderCredentialsStore(registry, { ttlMs: c.GATEWAY_CREDENTIALS_TTL_MS, cooldownMs: c.GATEWAY_KEY_COOLDOWN_MS }, this.log);
    this.balancer = new DeploymentBalancer(this.mirror, this.inFlight, { degradedWeightFactor: c.GATEWAY_DEGRADED_WEIGHT });
    this.mirror.setListener({
      credentialsChanged: (id) => this.credentials.invalidate(id),
      deploymentChanged: (id) => this.balancer.invalidate(id),
    });
    const resolver = new TargetResolver(this.mirror, this.balancer, this.credentials, createProviderRegistry());
    this.http = new UpstreamHttpClient({
      connectTimeoutMs: c.GATEWAY_CONNECT_TIMEOUT_MS,
      firstByteTimeoutMs: c.GATEWAY_FIRST_BYTE_TIMEOUT_MS,
      idleTimeoutMs: c.GATEWAY_IDLE_TIMEOUT_MS,
      connectionsPerOrigin: c.GATEWAY_UPSTREAM_CONNECTIONS,
    });
    this.outcomes = new BatchedOutcomeReporter((s) => this.signals.signal('UpstreamOutcome', s));
    const runner = new AttemptRunner(
      resolver,
      this.http,
      new RetryBudget({ ratio: c.GATEWAY_RETRY_BUDGET_RATIO, minRetriesPerSecond: c.GATEWAY_RETRY_MIN_PER_SECOND }),
      this.credentials,
      this.inFlight,
      this.outcomes,
      this.gatewayMetrics,
      {
        maxAttempts: c.GATEWAY_MAX_ATTEMPTS,
        firstByteTimeoutMs: c.GATEWAY_FIRST_BYTE_TIMEOUT_MS,
        idleTimeoutMs: c.GATEWAY_IDLE_TIMEOUT_MS,
        gatewayId: c.GATEWAY_ID,
        maxResponseBytes: c.GATEWAY_MAX_RESPONSE_BYTES,
        suspectMs: c.GATEWAY_SUSPECT_MS,
      },
    );
    this.limiter = new RateLimiter({ redis: this.redis, prefix: `${c.REDIS_PREFIX}rl:`, syncIntervalMs: c.GATEWAY_RATE_LIMIT_SYNC_MS, logger: this.log });
    this.usage = new SwitchableUsageSink(new LoggingUsageSink(this.log));
    this.proxy = new ProxyService(this.mirror, resolver, runner, this.limiter, this.usage, this.gatewayMetrics, this.inFlight, this.log, {
      gatewayId: c.GATEWAY_ID,
      defaultSessionHeader: c.GATEWAY_SESSION_HEADER,
    });
    this.models = new ModelsHandler(this.mirror);
    this.sync = new MirrorSync(
      {
        mirror: this.mirror,
        registry,
        nats,
        signals,
        pools: new PoolStore(this.redis, c.REDIS_PREFIX),
        health: new HealthStore(this.redis, c.REDIS_PREFIX),
        subscriber: this.subscriber,
        logger,
      },
      {
        resyncIntervalMs: c.GATEWAY_RESYNC_INTERVAL_MS,
        maxRetryDelayMs: 5_000,
        standalone:
          c.GATEWAY_STANDALONE_UPSTREAM && c.GATEWAY_STANDALONE_MODEL && c.GATEWAY_STANDALONE_API_KEY
            ? standaloneSnapshot({ upstreamUrl: c.GATEWAY_STANDALONE_UPSTREAM, model: c.GATEWAY_STANDALONE_MODEL, apiKey: c.GATEWAY_STANDALONE_API_KEY })
            : undefined,
      },
    );
    this.stats = new GatewayStatsPublisher(this.gatewayMetrics, (s) => this.signals.signal('GatewayStats', s), {
      gatewayId: c.GATEWAY_ID,
      intervalMs: c.GATEWAY_STATS_INTERVAL_MS,
      inFlight: () => this.inFlight.total,
    });
    readiness.register({ name: 'registry-snapshot', check: () => this.mirror.ready });
    readiness.register({ name: 'redis', check: () => this.redis.status === 'ready', required: false });
  }

  routesDeps(): OpenAiRoutesDeps {
    return { proxy: this.proxy, models: this.models, bodyLimit: this.cfg.GATEWAY_BODY_LIMIT_BYTES, ready: () => this.mirror.ready };
  }

  /** Forces a full resync now (tests, operators). */
  resync(): Promise<void> {
    return this.sync.resync();
  }

  async onApplicationBootstrap(): Promise<void> {
    this.limiter.start();
    this.stats.start();
    // Upstream pools of instances that went away are closed after a while unused.
    this.sweepTimer = setInterval(() => this.http.sweep(), 60_000);
    this.sweepTimer.unref();
    void this.connectUsageStream();
    await this.sync.start();
    const ready = await this.sync.waitReady(this.cfg.GATEWAY_STARTUP_WAIT_MS);
    if (!ready) this.log.warn('listening without a registry snapshot: requests get 503 until it loads');
  }

  async onApplicationShutdown(): Promise<void> {
    this.stats.stop();
    this.outcomes.flush();
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    await this.sync.stop();
    await this.limiter.stop().catch(() => undefined);
    await this.usage.close().catch(() => undefined);
    await this.http.close();
    this.subscriber.disconnect();
    this.redis.disconnect();
  }

  private async connectUsageStream(): Promise<void> {
    if (this.cfg.GATEWAY_USAGE_SINK !== 'stream') return;
    try {
      const sink = await UsageStreamSink.create({
        natsUrl: this.cfg.NATS_URL,
        namespace: this.cfg.NATS_NAMESPACE,
        kafkaBrokers: kafkaBrokers(this.cfg),
        logger: this.log,
        clientId: `gateway-${this.cfg.GATEWAY_ID}`,
      });
      this.usage.use(sink);
      this.log.info('usage records go to the usage stream');
    } catch (err) {
      this.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'usage stream unavailable; usage records are logged only');
    }
  }
}
