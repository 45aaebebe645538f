import { Inject, Injectable, type OnApplicationBootstrap, type BeforeApplicationShutdown } from '@nestjs/common';
import { LOGGER } from '@switchyard/service-kit';
import type { Logger } from '@switchyard/observability';
import { rendezvousOwner } from '../domain/rendezvous-hash';
import type { MonitorKeys } from '../redis/monitor.keys';
import { MONITOR_KEYS, REDIS, type RedisClient } from '../redis/redis.tokens';
import { SHARDING_OPTIONS, type ShardingOptions } from './sharding.tokens';

/** A replica missing this many heartbeats is considered gone and its instances move to the others. */
const MISSED_BEATS = 3;

/**
 * The live monitor replicas: each heartbeats into a Redis sorted set (scored with Redis' own clock, so replicas'
 * clocks do not matter) and owns the instances that rendezvous hashing over the live set gives it. A stopping
 * replica leaves the set at once; a crashed one drops out after MISSED_BEATS heartbeats.
 */
@Injectable()
export class ReplicaRegistry implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private live: string[] = [];
  private readonly listeners: Array<(live: readonly string[]) => void> = [];
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private readonly owners = new Map<string, string | undefined>();

  constructor(
    @Inject(REDIS) private readonly redis: RedisClient,
    @Inject(MONITOR_KEYS) private readonly keys: MonitorKeys,
    @Inject(SHARDING_OPTIONS) private readonly options: ShardingOptions,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  get replicaId(): string {
    return this.options.replicaId;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.beat();
    this.schedule();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    try {
      await this.redis.zrem(this.keys.replicas(), this.options.replicaId);
    } catch (error) {
      this.logger.warn({ err: error }, 'could not leave the replica set; the others take over after the heartbeat timeout');
    }
  }

  /** The live replicas, sorted. */
  replicas(): readonly string[] {
    return this.live;
  }

  /** Whether this replica is responsible for `key` (an instance or provider key id). */
  owns(key: string): boolean {
    if (this.stopped) return false;
    let owner = this.owners.get(key);
    if (owner === undefined && !this.owners.has(key)) {
      owner = rendezvousOwner(key, this.live);
      if (this.owners.size > 100_000) this.owners.clear();
      this.owners.set(key, owner);
    }
    return owner === this.options.replicaId;
  }

  /** Called whenever the live set changes. */
  onChange(listener: (live: readonly string[]) => void): void {
    this.listeners.push(listener);
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.beat().finally(() => this.schedule());
    }, this.options.heartbeatMs);
  }

  private async beat(): Promise<void> {
    try {
      const [seconds, micros] = await this.redis.time();
      const now = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
      const key = this.keys.replicas();
      const horizon = now - MISSED_BEATS * this.options.heartbeatMs;
      const [, , liveResult] = (await this.redis
        .multi()
        .zadd(key, now, this.options.replicaId)
        .zremrangebyscore(key, '-inf', now - 100 * this.options.heartbeatMs)
        .zrangebyscore(key, horizon, '+inf')
        .exec()) ?? [];
      if (this.stopped) return;
      const live = ((liveResult?.[1] as string[] | undefined) ?? []).slice().sort();
      if (live.join('\n') !== this.live.join('\n')) {
        this.logger.info({ replicas: live }, 'health monitor replicas changed');
        this.live = live;
        this.owners.clear();
        for (const listener of this.listeners) listener(live);
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'replica heartbeat failed; keeping the last known replica set');
    }
  }
}
