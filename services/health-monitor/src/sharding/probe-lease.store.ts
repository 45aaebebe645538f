import { Inject, Injectable } from '@nestjs/common';
import type { MonitorKeys } from '../redis/monitor.keys';
import { MONITOR_KEYS, REDIS, type RedisClient } from '../redis/redis.tokens';

// KEYS: lease. ARGV: replica id, ttl ms. Takes or renews the lease unless another replica holds it.
const ACQUIRE = `
local holder = redis.call('GET', KEYS[1])
if holder and holder ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1
`;

// KEYS: leases. ARGV: replica id. Deletes only the leases this replica holds.
const RELEASE = `
local n = 0
for _, key in ipairs(KEYS) do
  if redis.call('GET', key) == ARGV[1] then redis.call('DEL', key); n = n + 1 end
end
return n
`;

/**
 * The fence behind "never probed twice": before probing, a replica takes the instance's lease for (most of) an
 * interval. While replicas' views of who is alive differ for a moment, the lease still lets only one probe.
 */
@Injectable()
export class ProbeLeaseStore {
  constructor(
    @Inject(REDIS) private readonly redis: RedisClient,
    @Inject(MONITOR_KEYS) private readonly keys: MonitorKeys,
  ) {}

  async acquire(instanceId: string, replicaId: string, ttlMs: number): Promise<boolean> {
    const result = await this.redis.eval(ACQUIRE, 1, this.keys.probeLease(instanceId), replicaId, String(Math.max(1, Math.round(ttlMs))));
    return result === 1;
  }

  /** On a graceful stop: hand the instances over at once instead of after the leases expire. */
  async releaseAll(instanceIds: readonly string[], replicaId: string): Promise<void> {
    if (instanceIds.length === 0) return;
    await this.redis.eval(RELEASE, instanceIds.length, ...instanceIds.map((id) => this.keys.probeLease(id)), replicaId);
  }
}
