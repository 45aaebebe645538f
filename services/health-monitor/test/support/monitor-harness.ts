import { decodeEvent, Streams, namespacedStream, type AnyEventEnvelope, type HealthChangedSignal, type UpstreamOutcomeSignal } from '@switchyard/contracts';
import { NatsConnection, SignalBus } from '@switchyard/messaging';
import { createLogger } from '@switchyard/observability';
import { createRedis, HealthStore, PoolStore, type InstanceHealthRecord, type PoolMemberRecord } from '@switchyard/pool-state';
import type { RunningService } from '@switchyard/service-kit';
import { natsNamespace, redisPrefix, waitFor } from '@switchyard/testing';
import { startHealthMonitor } from '../../src/health-monitor.app';

export const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const logger = createLogger({ service: 'health-monitor-test', level: 'silent' });

/**
 * One isolated world per test file: its own NATS namespace and Redis prefix, a scheduler stand-in that writes
 * pools the way the scheduler does (fenced PoolStore writes), and a listener for the monitor's events and signals.
 */
export class MonitorWorld {
  readonly namespace = natsNamespace('hm');
  readonly prefix = redisPrefix('hm');
  readonly redis = createRedis({ url: REDIS_URL, name: 'hm-test' });
  readonly pools = new PoolStore(this.redis, this.prefix);
  readonly health = new HealthStore(this.redis, this.prefix);
  readonly events: AnyEventEnvelope[] = [];
  readonly changes: HealthChangedSignal[] = [];
  readonly monitors: RunningService[] = [];
  private conn?: NatsConnection;
  private bus?: SignalBus;
  private fence = 0;

  async start(): Promise<void> {
    this.conn = await NatsConnection.connect({ url: NATS_URL, name: 'hm-test', service: 'hm-test', namespace: this.namespace, logger });
    this.bus = new SignalBus(this.conn, logger);
    this.conn.nc().subscribe(this.conn.subject('sy.instance.>'), {
      callback: (err, msg) => {
        if (!err) this.events.push(decodeEvent(msg.data));
      },
    });
    this.bus.on('HealthChanged', (s) => this.changes.push(s));
    await this.conn.nc().flush();
    this.fence = await this.pools.nextFence();
  }

  /** Environment of a monitor replica in this world, with short intervals. */
  env(overrides: Record<string, string> = {}): Record<string, string> {
    return {
      LOG_LEVEL: process.env.HM_TEST_LOG_LEVEL ?? 'silent',
      PORT: '0',
      NATS_URL,
      NATS_NAMESPACE: this.namespace,
      REDIS_URL,
      REDIS_PREFIX: this.prefix,
      PROBE_INTERVAL_MS: '250',
      PROBE_TIMEOUT_MS: '200',
      PROBE_TICK_MS: '25',
      REPLICA_HEARTBEAT_MS: '100',
      DEGRADATION_EVAL_MS: '200',
      REGISTRY_TIMEOUT_MS: '200',
      SHUTDOWN_TIMEOUT_MS: '5000',
      ...overrides,
    };
  }

  async startMonitor(overrides: Record<string, string> = {}): Promise<RunningService> {
    const monitor = await startHealthMonitor(this.env(overrides));
    this.monitors.push(monitor);
    return monitor;
  }

  async stopMonitor(monitor: RunningService): Promise<void> {
    const i = this.monitors.indexOf(monitor);
    if (i >= 0) this.monitors.splice(i, 1);
    await monitor.close();
  }

  async writePool(deploymentId: string, urls: Array<{ instanceId: string; url: string }>, status: 'running' | 'stopped' = 'running'): Promise<void> {
    const members: PoolMemberRecord[] = urls.map((u) => ({ instanceId: u.instanceId, url: u.url, weight: 100, priority: 'primary', revision: 1, state: 'active' }));
    await this.pools.write(this.fence, { deploymentId, workspaceId: 'ws1', status, members });
  }

  outcome(signal: UpstreamOutcomeSignal): void {
    this.bus!.signal('UpstreamOutcome', signal);
  }

  /** Raw bytes on the outcome subject (hostile input). */
  rawOutcome(bytes: Uint8Array): void {
    this.conn!.nc().publish(this.conn!.subject('syx.signal.outcome'), bytes);
  }

  eventsOf(type: AnyEventEnvelope['type'], instanceId?: string): AnyEventEnvelope[] {
    return this.events.filter((e) => e.type === type && (instanceId === undefined || e.aggregateId === instanceId));
  }

  async waitForState(instanceId: string, state: InstanceHealthRecord['state'], timeoutMs: number): Promise<InstanceHealthRecord> {
    return waitFor(`${instanceId} to be ${state}`, async () => {
      const r = await this.health.get(instanceId);
      return r?.state === state ? r : undefined;
    }, { timeoutMs, intervalMs: 20 });
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.monitors.splice(0).map((m) => m.close()));
    if (this.conn) {
      const jsm = await this.conn.jsm().catch(() => undefined);
      for (const def of [Streams.Control, Streams.DeadLetter]) await jsm?.streams.delete(namespacedStream(this.namespace, def).name).catch(() => undefined);
      await this.conn.close();
    }
    const keys = await this.redis.keys(`${this.prefix}*`);
    if (keys.length > 0) await this.redis.del(...keys);
    await this.redis.quit();
  }
}
