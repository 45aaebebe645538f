import type Redis from 'ioredis';
import { PoolStateKeys } from './pool-state.keys';
import type { InstanceHealthRecord } from './pool.types';

/** Instance health. Only writer: the health monitor. Readers: gateway, scheduler, dashboard. */
export class HealthStore {
  readonly keys: PoolStateKeys;
  constructor(private readonly redis: Redis, prefix?: string) {
    this.keys = new PoolStateKeys(prefix);
  }

  /** Stores the record and announces the change when the state differs from the stored one. */
  async write(record: InstanceHealthRecord): Promise<{ changed: boolean }> {
    const key = this.keys.health(record.instanceId);
    const previous = await this.redis.get(key);
    const changed = !previous || (JSON.parse(previous) as InstanceHealthRecord).state !== record.state;
    const multi = this.redis.multi().set(key, JSON.stringify(record)).sadd(this.keys.healthIndex(record.deploymentId), record.instanceId);
    if (changed) {
      multi.publish(this.keys.healthChannel(), JSON.stringify({ instanceId: record.instanceId, deploymentId: record.deploymentId, state: record.state }));
    }
    await multi.exec();
    return { changed };
  }

  async get(instanceId: string): Promise<InstanceHealthRecord | undefined> {
    const raw = await this.redis.get(this.keys.health(instanceId));
    return raw ? (JSON.parse(raw) as InstanceHealthRecord) : undefined;
  }

  async forDeployment(deploymentId: string): Promise<InstanceHealthRecord[]> {
    const ids = await this.redis.smembers(this.keys.healthIndex(deploymentId));
    if (ids.length === 0) return [];
    const raws = await this.redis.mget(ids.map((id) => this.keys.health(id)));
    return raws.filter((r): r is string => r !== null).map((r) => JSON.parse(r) as InstanceHealthRecord);
  }

  async remove(deploymentId: string, instanceId: string): Promise<void> {
    await this.redis.multi().del(this.keys.health(instanceId)).srem(this.keys.healthIndex(deploymentId), instanceId).exec();
  }

  async subscribe(subscriber: Redis, onChange: (change: { instanceId: string; deploymentId: string; state: InstanceHealthRecord['state'] }) => void): Promise<() => Promise<void>> {
    const channel = this.keys.healthChannel();
    subscriber.on('message', (ch: string, message: string) => {
      if (ch !== channel) return;
      try {
        onChange(JSON.parse(message) as { instanceId: string; deploymentId: string; state: InstanceHealthRecord['state'] });
      } catch {
        // ignored; resync repairs
      }
    });
    await subscriber.subscribe(channel);
    return async () => {
      await subscriber.unsubscribe(channel);
    };
  }
}
