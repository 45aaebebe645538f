import type Redis from 'ioredis';
import { PoolStateKeys } from './pool-state.keys';
import type { PoolRecord } from './pool.types';

/** A write by a scheduler that is no longer the leader (its fencing token is older than the current one). */
export class StaleLeaderError extends Error {
  readonly retryable = false;
  constructor(readonly fence: number, readonly current: number) {
    super(`stale leader: fencing token ${fence} is older than ${current}`);
    this.name = 'StaleLeaderError';
  }
}

// KEYS: pool key, pools set, fence key. ARGV: fence, deploymentId, record JSON (without version), channel.
// Writes only when the caller's fence equals the current leader fence, bumps the version atomically and
// publishes {deploymentId, version} on the channel.
const WRITE_POOL = `
local current = tonumber(redis.call('GET', KEYS[3]) or '0')
local fence = tonumber(ARGV[1])
if fence ~= current then return {-1, current} end
local old = redis.call('GET', KEYS[1])
local version = 1
if old then version = cjson.decode(old).version + 1 end
local record = cjson.decode(ARGV[3])
record.version = version
redis.call('SET', KEYS[1], cjson.encode(record))
redis.call('SADD', KEYS[2], ARGV[2])
redis.call('PUBLISH', ARGV[4], cjson.encode({deploymentId = ARGV[2], version = version}))
return {version, current}
`;

const DELETE_POOL = `
local current = tonumber(redis.call('GET', KEYS[3]) or '0')
if tonumber(ARGV[1]) ~= current then return {-1, current} end
redis.call('DEL', KEYS[1])
redis.call('SREM', KEYS[2], ARGV[2])
redis.call('PUBLISH', ARGV[3], cjson.encode({deploymentId = ARGV[2], version = -1}))
return {0, current}
`;

/** Pool membership. Readers: gateway, health monitor. Only writer: the scheduler leader, fenced. */
export class PoolStore {
  readonly keys: PoolStateKeys;
  constructor(private readonly redis: Redis, prefix?: string) {
    this.keys = new PoolStateKeys(prefix);
  }

  /** Takes the next fencing token; the new leader calls this when it wins the election. */
  async nextFence(): Promise<number> {
    return this.redis.incr(this.keys.leaderFence());
  }

  async currentFence(): Promise<number> {
    return Number((await this.redis.get(this.keys.leaderFence())) ?? 0);
  }

  /** Writes a pool (its version is assigned here) if `fence` is still the leader's. Returns the new version. */
  async write(fence: number, record: Omit<PoolRecord, 'version' | 'updatedAt'>): Promise<number> {
    const body = JSON.stringify({ ...record, updatedAt: new Date().toISOString() });
    const [version, current] = (await this.redis.eval(
      WRITE_POOL,
      3,
      this.keys.pool(record.deploymentId),
      this.keys.pools(),
      this.keys.leaderFence(),
      String(fence),
      record.deploymentId,
      body,
      this.keys.poolChannel(),
    )) as [number, number];
    if (version < 0) throw new StaleLeaderError(fence, current);
    return version;
  }

  async remove(fence: number, deploymentId: string): Promise<void> {
    const [result, current] = (await this.redis.eval(
      DELETE_POOL,
      3,
      this.keys.pool(deploymentId),
      this.keys.pools(),
      this.keys.leaderFence(),
      String(fence),
      deploymentId,
      this.keys.poolChannel(),
    )) as [number, number];
    if (result < 0) throw new StaleLeaderError(fence, current);
  }

  async get(deploymentId: string): Promise<PoolRecord | undefined> {
    const raw = await this.redis.get(this.keys.pool(deploymentId));
    return raw ? normalize(JSON.parse(raw) as PoolRecord) : undefined;
  }

  async all(): Promise<PoolRecord[]> {
    const ids = await this.redis.smembers(this.keys.pools());
    if (ids.length === 0) return [];
    const raws = await this.redis.mget(ids.map((id) => this.keys.pool(id)));
    return raws.filter((r): r is string => r !== null).map((r) => normalize(JSON.parse(r) as PoolRecord));
  }

  /**
   * Calls `onChange(deploymentId, version)` for every pool change (version -1: removed). Needs its own Redis
   * connection (subscriber mode); returns a function that unsubscribes and closes it.
   */
  async subscribe(subscriber: Redis, onChange: (deploymentId: string, version: number) => void): Promise<() => Promise<void>> {
    const channel = this.keys.poolChannel();
    subscriber.on('message', (ch: string, message: string) => {
      if (ch !== channel) return;
      try {
        const { deploymentId, version } = JSON.parse(message) as { deploymentId: string; version: number };
        onChange(deploymentId, version);
      } catch {
        // a malformed notification is ignored; the periodic resync repairs anything missed
      }
    });
    await subscriber.subscribe(channel);
    return async () => {
      await subscriber.unsubscribe(channel);
    };
  }
}

// cjson encodes an empty array as {}: give members back their array shape.
function normalize(record: PoolRecord): PoolRecord {
  if (!Array.isArray(record.members)) record.members = [];
  return record;
}
