import type { createRedis, PoolStore } from '@switchyard/pool-state';
import type { Logger } from '@switchyard/observability';

export type RedisClient = ReturnType<typeof createRedis>;

export interface LeadershipListener {
  /** This replica became the leader; every write it makes carries `fence`. */
  elected(fence: number): Promise<void> | void;
  /** It is not the leader any more (lost the lease, a newer fence was seen, or shutting down). */
  deposed(reason: string): Promise<void> | void;
}

export interface LeaderElectionOptions {
  /** Redis key of the lease, e.g. `sy:scheduler:leader`. */
  key: string;
  /** This replica's identity (the lease's value). */
  id: string;
  ttlMs: number;
  logger: Logger;
}

// Renews only our own lease.
const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

/**
 * One active scheduler: a lease in Redis (SET NX PX, renewed every ttl/3) plus a fencing token from
 * PoolStore.nextFence taken on every win. A replica that cannot renew in time steps down by itself; a paused
 * former leader that wakes up still holds its old token, which PoolStore (and the rollout table) refuse.
 */
export class LeaderElection {
  private timer?: NodeJS.Timeout;
  private leader = false;
  private currentFence = 0;
  private lastRenewed = 0;
  private running = false;
  private ticking: Promise<void> = Promise.resolve();
  private readonly listeners: LeadershipListener[] = [];

  constructor(private readonly redis: RedisClient, private readonly pools: PoolStore, private readonly options: LeaderElectionOptions) {}

  get isLeader(): boolean {
    return this.leader;
  }

  /** The fencing token while leader; 0 otherwise. */
  get fence(): number {
    return this.leader ? this.currentFence : 0;
  }

  get id(): string {
    return this.options.id;
  }

  listen(listener: LeadershipListener): void {
    this.listeners.push(listener);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(0);
  }

  /** Steps down now (a write was refused as stale, or work is impossible). The lease is released if still ours. */
  async resign(reason: string): Promise<void> {
    if (!this.leader) return;
    this.leader = false;
    await this.redis.eval(RELEASE, 1, this.options.key, this.options.id).catch(() => undefined);
    await this.notify((l) => l.deposed(reason));
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    await this.ticking;
    await this.resign('shutting down');
  }

  private schedule(delay: number): void {
    if (!this.running) return;
    this.timer = setTimeout(() => {
      this.ticking = this.tick().finally(() => this.schedule(Math.max(100, Math.floor(this.options.ttlMs / 3))));
    }, delay);
  }

  private async tick(): Promise<void> {
    try {
      if (this.leader) await this.renew();
      else await this.campaign();
    } catch (error) {
      this.options.logger.warn({ err: (error as Error).message }, 'leader election: Redis unavailable');
      if (this.leader && Date.now() - this.lastRenewed >= this.options.ttlMs) {
        // The lease may have expired and someone else may lead: stop acting without proof.
        await this.resign('lease not renewed in time');
      }
    }
  }

  private async campaign(): Promise<void> {
    const won = await this.redis.set(this.options.key, this.options.id, 'PX', this.options.ttlMs, 'NX');
    if (won !== 'OK' || !this.running) return;
    this.lastRenewed = Date.now();
    this.currentFence = await this.pools.nextFence();
    this.leader = true;
    this.options.logger.info({ id: this.options.id, fence: this.currentFence }, 'elected scheduler leader');
    await this.notify((l) => l.elected(this.currentFence));
  }

  private async renew(): Promise<void> {
    const started = Date.now();
    const ok = Number(await this.redis.eval(RENEW, 1, this.options.key, this.options.id, String(this.options.ttlMs)));
    if (ok === 1) {
      this.lastRenewed = started;
      return;
    }
    this.options.logger.warn({ id: this.options.id }, 'scheduler leader lease lost');
    this.leader = false;
    await this.notify((l) => l.deposed('lease lost'));
  }

  private async notify(call: (l: LeadershipListener) => Promise<void> | void): Promise<void> {
    for (const listener of this.listeners) {
      try {
        await call(listener);
      } catch (error) {
        this.options.logger.error({ err: (error as Error).message }, 'leadership listener failed');
      }
    }
  }
}
