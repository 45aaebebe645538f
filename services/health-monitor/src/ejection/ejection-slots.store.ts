import { Inject, Injectable } from '@nestjs/common';
import type { MonitorKeys } from '../redis/monitor.keys';
import { MONITOR_KEYS, REDIS, type RedisClient } from '../redis/redis.tokens';

// KEYS: ejected set. ARGV: instance id, allowance. Takes a slot if the instance holds one or one is free.
const CLAIM = `
if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1 then return 1 end
if redis.call('SCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('SADD', KEYS[1], ARGV[1])
return 1
`;

/**
 * The ejection cap, shared by every monitor replica: an instance may be ejected only if it gets one of the
 * pool's ejection slots, taken atomically in Redis, so two replicas never eject past the cap together.
 */
@Injectable()
export class EjectionSlotsStore {
  constructor(
    @Inject(REDIS) private readonly redis: RedisClient,
    @Inject(MONITOR_KEYS) private readonly keys: MonitorKeys,
  ) {}

  async ejectedCount(deploymentId: string): Promise<number> {
    return this.redis.scard(this.keys.ejected(deploymentId));
  }

  /** True when the instance holds (or now took) an ejection slot of its pool. */
  async claim(deploymentId: string, instanceId: string, allowance: number): Promise<boolean> {
    const result = await this.redis.eval(CLAIM, 1, this.keys.ejected(deploymentId), instanceId, String(allowance));
    return result === 1;
  }

  async release(deploymentId: string, instanceId: string): Promise<void> {
    await this.redis.srem(this.keys.ejected(deploymentId), instanceId);
  }

  /** Frees the slots of instances that left the pool. */
  async prune(deploymentId: string, members: ReadonlySet<string>): Promise<void> {
    const held = await this.redis.smembers(this.keys.ejected(deploymentId));
    const gone = held.filter((id) => !members.has(id));
    if (gone.length > 0) await this.redis.srem(this.keys.ejected(deploymentId), ...gone);
  }
}
