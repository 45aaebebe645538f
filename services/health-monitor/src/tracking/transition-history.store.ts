import { Inject, Injectable } from '@nestjs/common';
import type { Transition } from '../domain/instance-health.machine';
import type { MonitorKeys } from '../redis/monitor.keys';
import { MONITOR_KEYS, REDIS, type RedisClient } from '../redis/redis.tokens';
import { HISTORY_LIMIT } from './tracking.tokens';

/** One recorded transition, as the dashboard reads it. */
export interface TransitionRecord {
  from: string;
  to: string;
  reason: string;
  at: string;
  version: number;
  replicaId: string;
}

/** A bounded history of transitions per instance, newest first, shared by every replica. */
@Injectable()
export class TransitionHistoryStore {
  constructor(
    @Inject(REDIS) private readonly redis: RedisClient,
    @Inject(MONITOR_KEYS) private readonly keys: MonitorKeys,
    @Inject(HISTORY_LIMIT) private readonly limit: number,
  ) {}

  /** Appends the transition and returns its version (monotonic per instance, the events' aggregate version). */
  async append(transition: Transition, replicaId: string): Promise<number> {
    const version = await this.redis.incr(this.keys.version(transition.instanceId));
    const record: TransitionRecord = {
      from: transition.from,
      to: transition.to,
      reason: transition.reason.slice(0, 500),
      at: new Date(transition.at).toISOString(),
      version,
      replicaId,
    };
    const key = this.keys.history(transition.instanceId);
    await this.redis.multi().lpush(key, JSON.stringify(record)).ltrim(key, 0, this.limit - 1).exec();
    return version;
  }

  async list(instanceId: string): Promise<TransitionRecord[]> {
    const raws = await this.redis.lrange(this.keys.history(instanceId), 0, this.limit - 1);
    const out: TransitionRecord[] = [];
    for (const raw of raws) {
      try {
        out.push(JSON.parse(raw) as TransitionRecord);
      } catch {
        // a corrupt entry is skipped, not fatal for the dashboard
      }
    }
    return out;
  }

  async remove(instanceId: string): Promise<void> {
    await this.redis.del(this.keys.history(instanceId));
  }
}
