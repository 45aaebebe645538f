import type Redis from 'ioredis';
import type { Logger } from '@switchyard/observability';
import type { KeyLimits, LimitDecision } from './rate-limit.types';
import { decide, effectiveLimit, windowAt } from './sliding-window.decision';
import { KeyCounters, type Counts } from './key-counters';
import { RateLimitKeys, WINDOW_KEY_TTL_SECONDS } from './rate-limit.keys';

export interface RateLimiterOptions {
  redis: Redis;
  /** Key prefix, e.g. 'sy:rl:' (tests: redisPrefix()). */
  prefix: string;
  /** How often local deltas are pushed and global totals read back (default 100 ms). */
  syncIntervalMs?: number;
  logger: Logger;
}

interface SyncItem {
  keyId: string;
  counters: KeyCounters;
  /** Range of this key's commands in the pipeline. */
  start: number;
  end: number;
}

/** How long stop() waits for a sync stuck on an unresponsive Redis. */
const STOP_WAIT_MS = 2_000;

/**
 * Per-key requests/min and tokens/min that hold across all gateway replicas. check() decides synchronously from the
 * global counts this replica last synced plus its own unsynced counts: no Redis call on the request path. Every
 * `syncIntervalMs` one pipelined round trip adds this replica's deltas (HINCRBY into per-minute hashes) and reads
 * back the global totals of the current and previous minute for every active key. Between syncs each replica can
 * admit what it receives in one interval beyond the limit (the overshoot bound). When Redis is unavailable it keeps
 * deciding from local counts (fail open, logged once) and sends the deltas when Redis is back (a round trip cut
 * mid-way may then count some deltas twice: errs on the strict side, never loses counts).
 */
export class RateLimiter {
  private readonly redis: Redis;
  private readonly keys: RateLimitKeys;
  private readonly logger: Logger;
  readonly syncIntervalMs: number;
  private readonly counters = new Map<string, KeyCounters>();
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  private latestWindow = Number.NEGATIVE_INFINITY;
  private failing = false;
  private refusalLoggedWindow = Number.NEGATIVE_INFINITY;

  constructor(opts: RateLimiterOptions) {
    this.redis = opts.redis;
    this.keys = new RateLimitKeys(opts.prefix);
    this.logger = opts.logger;
    const interval = opts.syncIntervalMs ?? 100;
    this.syncIntervalMs = Number.isFinite(interval) ? Math.min(Math.max(interval, 10), 60_000) : 100;
  }

  /** False after a failed sync, until one succeeds again (decisions are then local only). */
  get redisAvailable(): boolean {
    return !this.failing;
  }

  /** Number of keys with local state (active in the last two minutes). */
  get activeKeys(): number {
    return this.counters.size;
  }

  /** Begins the periodic sync. */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.syncNow(), this.syncIntervalMs);
    this.timer.unref();
  }

  /** Stops the periodic sync and pushes what is left (bounded wait when Redis does not answer). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    const finalSync = async (): Promise<void> => {
      await this.inFlight; // a round trip already under way does not carry the latest deltas
      await this.syncNow();
    };
    await withTimeout(finalSync(), STOP_WAIT_MS);
  }

  /** Counts the request if allowed. `estimatedTokens`: prompt + max_tokens, or prompt only. Never calls Redis. */
  check(keyId: string, limits: KeyLimits, estimatedTokens: number, nowMs: number = Date.now()): LimitDecision {
    const rpm = effectiveLimit(limits.requestsPerMinute);
    const tpm = effectiveLimit(limits.tokensPerMinute);
    if (rpm === undefined && tpm === undefined) return { allowed: true, retryAfterSeconds: 0 };
    const { window, elapsedFraction } = windowAt(nowMs);
    if (window > this.latestWindow) this.latestWindow = window;
    const counters = this.countersFor(keyId);
    const view = counters.view(window);
    const tokens = toDelta(estimatedTokens);
    const decision = decide({ limits, requests: view.requests, tokens: view.tokens, estimatedTokens: tokens, elapsedFraction });
    if (decision.allowed) counters.add(window, 1, tokens);
    return decision;
  }

  /** After the response: corrects the key's token count by (actual - estimated). */
  adjustTokens(keyId: string, delta: number, nowMs: number = Date.now()): void {
    const tokens = toDelta(delta);
    if (tokens === 0) return;
    const { window } = windowAt(nowMs);
    if (window > this.latestWindow) this.latestWindow = window;
    this.countersFor(keyId).add(window, 0, tokens);
  }

  /** One sync now (the timer calls this); resolves when done, never rejects. Concurrent calls share the round trip. */
  syncNow(): Promise<void> {
    this.inFlight ??= this.sync()
      .catch((error: unknown) => this.markFailing(error))
      .finally(() => {
        this.inFlight = undefined;
      });
    return this.inFlight;
  }

  private countersFor(keyId: string): KeyCounters {
    let c = this.counters.get(keyId);
    if (!c) {
      c = new KeyCounters();
      this.counters.set(keyId, c);
    }
    return c;
  }

  private async sync(): Promise<void> {
    const current = this.latestWindow;
    const batch: SyncItem[] = [];
    for (const [keyId, counters] of this.counters) {
      if (counters.lastWindow < current - 2 && !counters.hasUnsent) {
        this.counters.delete(keyId); // idle for two minutes: nothing left to know
        continue;
      }
      if (counters.lastWindow >= current - 1 || counters.hasUnsent) batch.push({ keyId, counters, start: 0, end: 0 });
    }
    if (batch.length === 0) return;
    // Known to be down: skip the round trip (commands would wait in the offline queue). While (first) connecting,
    // the pipeline waits for the connection, bounded by the client's retry settings.
    if (this.redis.status === 'reconnecting' || this.redis.status === 'close' || this.redis.status === 'end') {
      this.markFailing(new Error(`redis connection is ${this.redis.status}`));
      return;
    }
    const pipeline = this.redis.pipeline();
    let index = 0;
    for (const item of batch) {
      item.start = index;
      for (const [w, c] of item.counters.beginSync(current)) {
        const key = this.keys.window(item.keyId, w);
        if (c.requests !== 0) pipeline.hincrby(key, 'r', c.requests);
        if (c.tokens !== 0) pipeline.hincrby(key, 't', c.tokens);
        pipeline.expire(key, WINDOW_KEY_TTL_SECONDS);
        index += (c.requests !== 0 ? 1 : 0) + (c.tokens !== 0 ? 1 : 0) + 1;
      }
      for (const w of [current - 1, current]) pipeline.hmget(this.keys.window(item.keyId, w), 'r', 't');
      index += 2;
      item.end = index;
    }
    let results: Array<[Error | null, unknown]> | null = null;
    try {
      results = await pipeline.exec();
    } catch (error) {
      this.markFailing(error);
    }
    // A connection error in any command (ioredis reports those per command too) fails the whole round trip: the
    // deltas go back to pending. Only Redis' own refusals (ReplyError, e.g. WRONGTYPE) are per key.
    const connectionError = results?.find(([error]) => error && !isReplyError(error))?.[0];
    if (!results || results.length !== index || connectionError) {
      for (const item of batch) item.counters.endSync(undefined);
      this.markFailing(connectionError ?? new Error('pipeline returned no results'));
      return;
    }
    let refused = 0;
    for (const item of batch) {
      if (results.slice(item.start, item.end).some(([error]) => error)) {
        refused++;
        item.counters.endSync(undefined, true);
        continue;
      }
      const totals = new Map<number, Counts>([
        [current - 1, parseCounts(results[item.end - 2][1])],
        [current, parseCounts(results[item.end - 1][1])],
      ]);
      item.counters.endSync(totals);
    }
    if (refused > 0 && this.refusalLoggedWindow !== current) {
      this.refusalLoggedWindow = current; // at most once a minute
      this.logger.warn({ keys: refused }, 'rate-limit sync: Redis refused the commands of some keys; their deltas were dropped');
    }
    if (this.failing) {
      this.failing = false;
      this.logger.info('rate-limit sync with Redis restored');
    }
  }

  private markFailing(error: unknown): void {
    if (this.failing) return;
    this.failing = true;
    this.logger.warn(
      { error: error instanceof Error ? error.message : String(error) },
      'rate-limit sync with Redis failed: deciding from local counts (fail open) until it is back',
    );
  }
}

function isReplyError(error: Error): boolean {
  return error.name === 'ReplyError';
}

function parseCounts(raw: unknown): Counts {
  const [r, t] = Array.isArray(raw) ? (raw as unknown[]) : [];
  return { requests: toCount(r), tokens: toCount(t) };
}

function toCount(v: unknown): number {
  const n = typeof v === 'string' ? Number(v) : 0;
  return Number.isFinite(n) ? n : 0;
}

/** Whole tokens (HINCRBY takes integers), bounded so hostile numbers cannot overflow Redis' 64-bit counters. */
function toDelta(n: number): number {
  if (!Number.isFinite(n)) return 0;
  return Math.max(-1e12, Math.min(1e12, Math.round(n)));
}

async function withTimeout(p: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([p, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  if (timer) clearTimeout(timer);
}
