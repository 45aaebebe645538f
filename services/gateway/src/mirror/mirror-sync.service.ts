// Keeps the mirror current: the registry snapshot at start (with retry) and periodically, control events on the
// namespaced `sy.>` (core subscription: every replica sees every event), pool and health changes from Redis
// notifications and NATS signals. Every failure is logged and survived: the mirror keeps serving what it holds.
import { decodeEvent, Subjects, type InstanceHealthState } from '@switchyard/contracts';
import type { NatsConnection, SignalBus } from '@switchyard/messaging';
import type { Logger } from '@switchyard/observability';
import type { HealthStore, PoolStore } from '@switchyard/pool-state';
import type { RegistrySnapshot } from '@switchyard/contracts';
import type { RegistryClient } from './registry.client';
import type { RegistryMirror } from './registry.mirror';

type RedisClient = Parameters<PoolStore['subscribe']>[0];

export interface MirrorSyncOptions {
  resyncIntervalMs: number;
  /** Longest wait between two snapshot attempts while none was loaded. */
  maxRetryDelayMs: number;
  /** Standalone mode: this snapshot instead of the registry's (never asked for). */
  standalone?: RegistrySnapshot;
}

export interface MirrorSyncDeps {
  mirror: RegistryMirror;
  registry: RegistryClient;
  nats: NatsConnection;
  signals: SignalBus;
  pools: PoolStore;
  health: HealthStore;
  subscriber: RedisClient;
  logger: Logger;
}

const HEALTH_STATES = new Set<InstanceHealthState>(['starting', 'healthy', 'degraded', 'ejected', 'draining', 'stopped']);

export class MirrorSync {
  private readonly log: Logger;
  private readonly cleanups: Array<() => void | Promise<void>> = [];
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private firstLoad: Promise<void> | undefined;
  private resyncing: Promise<void> | undefined;

  constructor(
    private readonly deps: MirrorSyncDeps,
    private readonly opts: MirrorSyncOptions,
  ) {
    this.log = deps.logger.child({ component: 'mirror' });
  }

  /** Subscribes to every change feed, then loads the snapshot (retrying in the background until it succeeds). */
  async start(): Promise<void> {
    this.subscribeEvents();
    this.subscribeSignals();
    await this.subscribeRedis();
    if (this.opts.standalone) {
      this.deps.mirror.applySnapshot(this.opts.standalone);
      this.log.warn('standalone mode: one static route, no registry snapshot');
    }
    this.firstLoad = this.loadUntilDone();
    this.timer = setInterval(() => void this.resync(), this.opts.resyncIntervalMs);
    this.timer.unref();
  }

  /** Resolves when the first snapshot is loaded or `timeoutMs` passed (true when loaded). */
  async waitReady(timeoutMs: number): Promise<boolean> {
    if (!this.firstLoad) return this.deps.mirror.ready;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.firstLoad, new Promise<void>((r) => (timer = setTimeout(r, timeoutMs)))]);
    if (timer) clearTimeout(timer);
    return this.deps.mirror.ready;
  }

  /** Snapshot + every pool and health record, now. Concurrent calls share one run. */
  resync(): Promise<void> {
    if (!this.resyncing) {
      this.resyncing = this.resyncOnce().finally(() => (this.resyncing = undefined));
    }
    return this.resyncing;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    for (const cleanup of this.cleanups.splice(0)) {
      try {
        await cleanup();
      } catch {
        // closing anyway
      }
    }
  }

  private async resyncOnce(): Promise<void> {
    if (!this.opts.standalone) await this.refreshSnapshot();
    await this.loadPools();
  }

  private async refreshSnapshot(): Promise<void> {
    try {
      const snapshot = await this.deps.registry.fetchSnapshot();
      this.deps.mirror.applySnapshot(snapshot);
    } catch (err) {
      this.log.warn({ err: message(err) }, 'registry snapshot unavailable; serving from the mirror');
    }
  }

  private async loadUntilDone(): Promise<void> {
    let delay = 250;
    if (this.opts.standalone) {
      await this.loadPools();
      return;
    }
    while (!this.stopped) {
      try {
        const snapshot = await this.deps.registry.fetchSnapshot();
        this.deps.mirror.applySnapshot(snapshot);
        this.log.info({ version: snapshot.version, ...this.deps.mirror.counts() }, 'registry snapshot loaded');
        await this.loadPools();
        return;
      } catch (err) {
        this.log.warn({ err: message(err), retryInMs: delay }, 'registry snapshot not loaded yet; retrying');
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, this.opts.maxRetryDelayMs);
      }
    }
  }

  private async loadPools(): Promise<void> {
    try {
      const records = await this.deps.pools.all();
      for (const record of records) this.deps.mirror.setPool(record.deploymentId, record);
      const ids = new Set([...records.map((r) => r.deploymentId), ...this.deps.mirror.deploymentIds()]);
      for (const id of ids) this.deps.mirror.setHealthRecords(await this.deps.health.forDeployment(id));
    } catch (err) {
      this.log.warn({ err: message(err) }, 'pool state unavailable in Redis; serving from the mirror');
    }
  }

  private async refreshPool(deploymentId: string, version: number): Promise<void> {
    try {
      if (version < 0) this.deps.mirror.setPool(deploymentId, undefined);
      else this.deps.mirror.setPool(deploymentId, await this.deps.pools.get(deploymentId));
    } catch (err) {
      this.log.warn({ deploymentId, err: message(err) }, 'could not re-read a pool');
    }
  }

  private onHealth(change: { instanceId?: unknown; deploymentId?: unknown; state?: unknown }): void {
    const { instanceId, deploymentId, state } = change;
    if (typeof instanceId !== 'string' || typeof deploymentId !== 'string') return;
    if (typeof state !== 'string' || !HEALTH_STATES.has(state as InstanceHealthState)) return;
    this.deps.mirror.setHealth(instanceId, deploymentId, state as InstanceHealthState);
  }

  private subscribeEvents(): void {
    const { nats, mirror } = this.deps;
    const sub = nats.nc().subscribe(nats.subject('sy.>'), {
      callback: (err, msg) => {
        if (err) {
          this.log.warn({ err: err.message }, 'control event subscription error');
          return;
        }
        try {
          mirror.applyEvent(decodeEvent(msg.data));
        } catch (decodeErr) {
          this.log.debug({ subject: msg.subject, err: message(decodeErr) }, 'undecodable control event ignored');
        }
      },
    });
    this.cleanups.push(() => sub.unsubscribe());
    this.log.debug({ subjects: Object.keys(Subjects).length }, 'subscribed to control events');
  }

  private subscribeSignals(): void {
    const { signals } = this.deps;
    this.cleanups.push(signals.on('HealthChanged', (p) => this.onHealth(p)));
    this.cleanups.push(signals.on('PoolChanged', (p) => void this.refreshPool(p.deploymentId, p.version)));
  }

  private async subscribeRedis(): Promise<void> {
    const { pools, health, subscriber } = this.deps;
    try {
      this.cleanups.push(await pools.subscribe(subscriber, (id, version) => void this.refreshPool(id, version)));
      this.cleanups.push(await health.subscribe(subscriber, (change) => this.onHealth(change)));
    } catch (err) {
      this.log.warn({ err: message(err) }, 'Redis change notifications unavailable; relying on signals and resync');
    }
  }
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
