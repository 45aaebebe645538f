import { createEnvelope, encodeRegistrySnapshot, namespacedStream, Streams, type EventEnvelope, type EventPayloads, type EventType, type RegistrySnapshot, type DeploymentSnapshot } from '@switchyard/contracts';
import { EventPublisher, NatsConnection, RequestClient, SignalBus, ensureStreams } from '@switchyard/messaging';
import { createLogger } from '@switchyard/observability';
import { createRedis, PoolStore, type PoolMemberRecord } from '@switchyard/pool-state';
import type { RunningService } from '@switchyard/service-kit';
import { createTestSchema, natsNamespace, redisPrefix, testDatabaseUrl, type TestSchema } from '@switchyard/testing';
import { startScheduler } from '../../src/main';
import { testConfig } from './deployment.fixture';

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * One test file's world: its own NATS namespace (with a stand-in registry answering snapshot requests and
 * publishing deployment events), Redis prefix and PostgreSQL schema; schedulers started as the real service.
 */
export class SchedulerHarness {
  readonly namespace = natsNamespace('sched');
  readonly prefix = redisPrefix('sched');
  readonly redis = createRedis({ url: REDIS_URL });
  readonly pools = new PoolStore(this.redis, this.prefix);
  readonly seen: EventEnvelope[] = [];
  snapshot: RegistrySnapshot = { schemaVersion: 1, version: 1, generatedAt: new Date().toISOString(), workspaces: [], apiKeys: [], providers: [], models: [], prices: [], deployments: [], routes: [] };
  private conn?: NatsConnection;
  private publisher?: EventPublisher;
  /** Signals as a gateway would send them (upstream outcomes for canary judging). */
  signals?: SignalBus;
  private schema?: TestSchema;
  private readonly versions = new Map<string, number>();
  private readonly schedulers = new Set<RunningService>();
  private stopServing?: () => Promise<void>;

  constructor(private readonly portRange: string) {}

  async setup(): Promise<void> {
    const logger = createLogger({ service: 'registry-stand-in', level: process.env.LOG_LEVEL ?? 'silent' });
    this.conn = await NatsConnection.connect({ url: NATS_URL, name: 'registry-stand-in', service: 'registry', namespace: this.namespace, logger });
    await ensureStreams(await this.conn.jsm(), [Streams.Control, Streams.DeadLetter], this.namespace);
    this.publisher = new EventPublisher(this.conn);
    this.signals = new SignalBus(this.conn, logger);
    const requests = new RequestClient(this.conn, logger);
    this.stopServing = requests.serve('RegistrySnapshot', async () => encodeRegistrySnapshot({ ...this.snapshot, generatedAt: new Date().toISOString() }));
    // Everything published in the namespace, to check the scheduler's events.
    this.conn.nc().subscribe(`${this.namespace}.sy.>`, {
      callback: (_err, msg) => {
        try {
          this.seen.push(JSON.parse(new TextDecoder().decode(msg.data)) as EventEnvelope);
        } catch {
          // not an envelope
        }
      },
    });
    this.schema = await createTestSchema('scheduler');
  }

  env(extra: Record<string, string> = {}) {
    return testConfig({
      NATS_URL,
      NATS_NAMESPACE: this.namespace,
      REDIS_URL,
      REDIS_PREFIX: this.prefix,
      DATABASE_URL: testDatabaseUrl(),
      DATABASE_SCHEMA: this.schema?.schema ?? 'scheduler',
      PORT: '0',
      ENGINE_PORT_RANGE: this.portRange,
      ...extra,
    });
  }

  async startScheduler(extra: Record<string, string> = {}): Promise<RunningService> {
    const running = await startScheduler(this.env(extra));
    this.schedulers.add(running);
    return running;
  }

  async stopScheduler(running: RunningService): Promise<void> {
    this.schedulers.delete(running);
    await running.close();
  }

  /** Publishes a registry event for a deployment, with the next aggregate version; the snapshot follows it. */
  async publish<T extends EventType>(type: T, deploymentId: string, data: EventPayloads[T]): Promise<void> {
    this.mirror(type, deploymentId, data);
    const version = (this.versions.get(deploymentId) ?? 0) + 1;
    this.versions.set(deploymentId, version);
    await this.publisher!.publish(createEnvelope(type, data, { source: 'registry', workspaceId: 'ws_test', aggregateId: deploymentId, aggregateVersion: version }) as EventEnvelope);
  }

  /** Keeps the stand-in registry's snapshot true to the events it published. */
  private mirror(type: EventType, id: string, data: unknown): void {
    const list = this.snapshot.deployments;
    const i = list.findIndex((d) => d.id === id);
    const set = (patch: Partial<DeploymentSnapshot>) => {
      if (i >= 0) list[i] = { ...list[i], ...patch };
    };
    if (type === 'DeploymentCreated' || type === 'DeploymentUpdated') {
      const d = (data as { deployment: DeploymentSnapshot }).deployment;
      if (i >= 0) list[i] = d;
      else list.push(d);
    } else if (type === 'DeploymentScaled') set({ replicas: (data as EventPayloads['DeploymentScaled']).toReplicas });
    else if (type === 'DeploymentStopped') set({ status: 'stopped' });
    else if (type === 'DeploymentStarted') set({ status: 'running' });
    else if (type === 'DeploymentDeleted' && i >= 0) list.splice(i, 1);
  }

  async create(d: DeploymentSnapshot): Promise<void> {
    await this.publish('DeploymentCreated', d.id, { deploymentId: d.id, deployment: d });
  }

  async members(deploymentId: string, state: PoolMemberRecord['state'] = 'active'): Promise<PoolMemberRecord[]> {
    return ((await this.pools.get(deploymentId))?.members ?? []).filter((m) => m.state === state);
  }

  events<T extends EventType>(type: T, deploymentId?: string): Array<EventEnvelope<T>> {
    return this.seen.filter((e): e is EventEnvelope<T> => e.type === type && e.source === 'scheduler' && (!deploymentId || e.aggregateId === deploymentId));
  }

  async teardown(): Promise<void> {
    for (const s of [...this.schedulers]) await this.stopScheduler(s).catch(() => undefined);
    await this.stopServing?.();
    if (this.conn) {
      const jsm = await this.conn.jsm();
      for (const def of Object.values(Streams)) await jsm.streams.delete(namespacedStream(this.namespace, def).name).catch(() => false);
      await this.conn.close();
    }
    const keys = await this.redis.keys(`${this.prefix}*`);
    if (keys.length) await this.redis.del(...keys);
    this.redis.disconnect();
    await this.schema?.drop();
  }
}
