import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { PoolStore, type PoolMemberRecord, type PoolRecord } from '@switchyard/pool-state';
import { LOGGER } from '@switchyard/service-kit';
import type { Logger } from '@switchyard/observability';
import { REDIS_SUBSCRIBER, type RedisClient } from '../redis/redis.tokens';
import { POOL_RESYNC_MS } from './pools.tokens';

/** A member the monitor watches, with its pool's identity. */
export interface WatchedMember {
  deploymentId: string;
  workspaceId: string;
  member: PoolMemberRecord;
}

/**
 * The pools the scheduler wrote to Redis, mirrored in memory: loaded at start, re-read on every change
 * notification, and resynced periodically in case a notification was lost. Only running pools' active members
 * are watched (draining instances take no new traffic; stopped pools have none).
 */
@Injectable()
export class PoolCatalog implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly pools = new Map<string, PoolRecord>();
  private readonly listeners: Array<() => void> = [];
  private unsubscribe?: () => Promise<void>;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly store: PoolStore,
    @Inject(REDIS_SUBSCRIBER) private readonly subscriber: RedisClient,
    @Inject(POOL_RESYNC_MS) private readonly resyncMs: number,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    try {
      this.unsubscribe = await this.store.subscribe(this.subscriber, (deploymentId) => void this.refresh(deploymentId));
    } catch (error) {
      this.logger.warn({ err: error }, 'could not subscribe to pool changes; relying on the periodic resync');
    }
    await this.resync();
    this.timer = setInterval(() => void this.resync(), this.resyncMs);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.unsubscribe?.().catch(() => undefined);
  }

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** Active members of running pools. */
  members(): WatchedMember[] {
    const out: WatchedMember[] = [];
    for (const pool of this.pools.values()) {
      for (const member of pool.members) {
        if (member.state === 'active') out.push({ deploymentId: pool.deploymentId, workspaceId: pool.workspaceId, member });
      }
    }
    return out;
  }

  pool(deploymentId: string): PoolRecord | undefined {
    return this.pools.get(deploymentId);
  }

  /** Instances of the pool that count for the ejection cap. */
  poolSize(deploymentId: string): number {
    return this.pools.get(deploymentId)?.members.filter((m) => m.state === 'active').length ?? 0;
  }

  deploymentIds(): string[] {
    return [...this.pools.keys()];
  }

  async resync(): Promise<void> {
    try {
      const all = await this.store.all();
      const seen = new Set<string>();
      for (const record of all) {
        seen.add(record.deploymentId);
        this.put(record);
      }
      for (const id of [...this.pools.keys()]) if (!seen.has(id)) this.pools.delete(id);
      this.notify();
    } catch (error) {
      this.logger.warn({ err: error }, 'pool resync failed; keeping the pools held');
    }
  }

  private async refresh(deploymentId: string): Promise<void> {
    try {
      const record = await this.store.get(deploymentId);
      if (record) this.put(record);
      else this.pools.delete(deploymentId);
      this.notify();
    } catch (error) {
      this.logger.warn({ err: error, deploymentId }, 'could not re-read a changed pool; the resync will');
    }
  }

  private put(record: PoolRecord): void {
    const held = this.pools.get(record.deploymentId);
    if (held && held.version > record.version) return;
    if (record.status !== 'running') this.pools.delete(record.deploymentId);
    else this.pools.set(record.deploymentId, record);
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}
