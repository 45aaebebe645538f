import type { DesiredDeployment } from '../domain/desired-state';
import type { RedisClient } from '../leader/leader-election';

// Compare-and-set: writes only if the stored JSON is still the one the caller read ('' = absent).
const CAS = `
local old = redis.call('GET', KEYS[1]) or ''
if old ~= ARGV[1] then return 0 end
if ARGV[2] == '' then
  redis.call('DEL', KEYS[1])
  redis.call('SREM', KEYS[2], ARGV[3])
else
  redis.call('SET', KEYS[1], ARGV[2])
  redis.call('SADD', KEYS[2], ARGV[3])
end
return 1
`;

/**
 * The desired state of every deployment, mirrored in Redis so that whichever scheduler replica consumes an event
 * (they share one durable consumer) records it, and the leader reconciles from it. Concurrent updates are
 * compare-and-set with retries; the event versions inside keep them idempotent.
 */
export class DesiredStateStore {
  constructor(private readonly redis: RedisClient, private readonly prefix: string) {}

  private key(id: string): string {
    return `${this.prefix}scheduler:desired:${id}`;
  }

  private index(): string {
    return `${this.prefix}scheduler:desired`;
  }

  async get(id: string): Promise<DesiredDeployment | undefined> {
    const raw = await this.redis.get(this.key(id));
    return raw ? (JSON.parse(raw) as DesiredDeployment) : undefined;
  }

  async all(): Promise<Map<string, DesiredDeployment>> {
    const ids = await this.redis.smembers(this.index());
    const out = new Map<string, DesiredDeployment>();
    if (ids.length === 0) return out;
    const raws = await this.redis.mget(ids.map((id) => this.key(id)));
    raws.forEach((raw, i) => {
      if (raw) out.set(ids[i], JSON.parse(raw) as DesiredDeployment);
    });
    return out;
  }

  /** Read-modify-write; `change` returns undefined for no change, null to delete. Returns the stored entry. */
  async update(id: string, change: (current: DesiredDeployment | undefined) => DesiredDeployment | null | undefined): Promise<DesiredDeployment | undefined> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const raw = (await this.redis.get(this.key(id))) ?? '';
      const current = raw ? (JSON.parse(raw) as DesiredDeployment) : undefined;
      const next = change(current);
      if (next === undefined) return current;
      const ok = Number(await this.redis.eval(CAS, 2, this.key(id), this.index(), raw, next === null ? '' : JSON.stringify(next), id));
      if (ok === 1) return next ?? undefined;
    }
    throw new Error(`desired state of ${id}: too many concurrent updates`);
  }
}
