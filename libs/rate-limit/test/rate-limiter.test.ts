import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import type Redis from 'ioredis';
import { createLogger, type Logger } from '@switchyard/observability';
import { createRedis } from '@switchyard/pool-state';
import { getFreePort, redisPrefix, sleep, waitFor } from '@switchyard/testing';
import { RateLimiter, RateLimitKeys, WINDOW_MS } from '../src';

const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A logger whose output the test can read. */
function capturingLogger(): { logger: Logger; lines: () => Array<{ level: string; msg: string }> } {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const logger = createLogger({ service: 'rate-limit-test', level: 'info', destination });
  const lines = () =>
    chunks.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { level: string; msg: string });
  return { logger, lines };
}

/** A clock starting 1 s into a minute that nobody has used yet (so the previous window is empty). */
function minuteClock(offsetMs = 1_000): () => number {
  const base = (Math.floor(Date.now() / WINDOW_MS) + 2) * WINDOW_MS + offsetMs;
  const t0 = Date.now();
  return () => base + (Date.now() - t0);
}

describe('RateLimiter against the real Redis', () => {
  const prefix = redisPrefix('ratelim');
  const clients: Redis[] = [];
  const limiters: RateLimiter[] = [];
  const redis = (): Redis => {
    const r = createRedis({ url, name: 'rate-limit-test' });
    clients.push(r);
    return r;
  };
  const limiter = (r: Redis, syncIntervalMs = 50, logger: Logger = capturingLogger().logger): RateLimiter => {
    const l = new RateLimiter({ redis: r, prefix, syncIntervalMs, logger });
    limiters.push(l);
    return l;
  };
  let admin: Redis;

  before(async () => {
    admin = redis();
    await admin.ping();
  });
  after(async () => {
    await Promise.all(limiters.map((l) => l.stop()));
    const keys = await admin.keys(`${prefix}*`);
    if (keys.length) await admin.del(...keys);
    for (const c of clients) c.disconnect();
  });

  it('two replicas sharing a key with rpm=100 admit about 100 together, overshoot bounded by the sync interval', async () => {
    const [a, b] = [limiter(redis()), limiter(redis())];
    a.start();
    b.start();
    const now = minuteClock();
    const limits = { requestsPerMinute: 100 };
    const perTick = 2;
    const tickMs = 10;
    let admitted = 0;
    let attempts = 0;
    const end = Date.now() + 1_500;
    while (Date.now() < end) {
      for (const replica of [a, b]) {
        for (let i = 0; i < perTick; i++) {
          attempts++;
          if (replica.check('shared', limits, 10, now()).allowed) admitted++;
        }
      }
      await sleep(tickMs);
    }
    // Each replica can admit at most what it receives during one sync interval (plus one round trip) unseen by the
    // other: perTick x (interval / tick + 2) per replica.
    const bound = 2 * perTick * (a.syncIntervalMs / tickMs + 2);
    assert.ok(attempts > 200, `attempts ${attempts}`);
    if (process.env.RATE_LIMIT_DEBUG) process.stdout.write(`admitted ${admitted} of ${attempts}, bound 100 + ${bound}\n`);
    assert.ok(admitted >= 100, `admitted ${admitted}`);
    assert.ok(admitted <= 100 + bound, `admitted ${admitted} > 100 + ${bound}`);
    await Promise.all([a.syncNow(), b.syncNow()]);
    const window = Math.floor(now() / WINDOW_MS);
    const stored = await admin.hget(new RateLimitKeys(prefix).window('shared', window), 'r');
    assert.equal(Number(stored), admitted, 'Redis holds exactly what was admitted');
  });

  it('limits tokens per minute, corrected after the response by adjustTokens, across replicas', async () => {
    const [a, b] = [limiter(redis()), limiter(redis())];
    const now = minuteClock();
    const limits = { tokensPerMinute: 1_000 };
    assert.equal(a.check('tok', limits, 400, now()).allowed, true);
    assert.equal(a.check('tok', limits, 400, now()).allowed, true);
    const refused = a.check('tok', limits, 400, now());
    assert.deepEqual([refused.allowed, refused.reason], [false, 'tokens']);
    assert.ok(refused.retryAfterSeconds >= 1);
    a.adjustTokens('tok', 100 - 400, now()); // the responses used 100 tokens each
    a.adjustTokens('tok', 100 - 400, now());
    assert.equal(a.check('tok', limits, 400, now()).allowed, true); // 200 + 400
    await a.syncNow();
    // replica B learns the global 600 tokens at its first sync of the key
    b.check('tok', { tokensPerMinute: 1e12 }, 0, now());
    await b.syncNow();
    assert.equal(b.check('tok', limits, 500, now()).allowed, false);
    assert.equal(b.check('tok', limits, 400, now()).allowed, true);
  });

  it('gives a sensible Retry-After: when the window has room again, and admits then', async () => {
    const l = limiter(redis());
    const start = minuteClock(1_000)();
    const limits = { requestsPerMinute: 10 };
    for (let i = 0; i < 10; i++) assert.equal(l.check('retry', limits, 0, start).allowed, true);
    const d = l.check('retry', limits, 0, start);
    assert.equal(d.allowed, false);
    assert.equal(d.reason, 'requests');
    assert.equal(d.retryAfterSeconds, 65); // 59 s to the turn of the minute, then 10% of it slides out
    assert.equal(l.check('retry', limits, 0, start + 30_000).allowed, false);
    assert.equal(l.check('retry', limits, 0, start + d.retryAfterSeconds * 1000).allowed, true);
  });

  it('follows the sliding window: last minute\'s count weighs by what is left of it', async () => {
    const l = limiter(redis());
    const now = minuteClock(30_000); // half-way through the minute
    const window = Math.floor(now() / WINDOW_MS);
    const keys = new RateLimitKeys(prefix);
    await admin.hset(keys.window('slide', window - 1), 'r', 80);
    l.check('slide', { requestsPerMinute: 1e9 }, 0, now()); // first sight of the key, then learn the totals
    await l.syncNow();
    let admitted = 1;
    for (let i = 0; i < 200; i++) if (l.check('slide', { requestsPerMinute: 100 }, 0, now()).allowed) admitted++;
    // 80 x ~0.5 + admitted <= 100
    assert.ok(admitted >= 58 && admitted <= 61, String(admitted));
  });

  it('never calls Redis from check(): decisions are synchronous, one pipelined round trip per sync for all keys', async () => {
    const r = redis();
    await r.ping();
    let commands = 0;
    let pipelines = 0;
    const sendCommand = r.sendCommand.bind(r);
    const pipeline = r.pipeline.bind(r);
    r.sendCommand = ((...args: Parameters<Redis['sendCommand']>) => {
      commands++;
      return sendCommand(...args);
    }) as Redis['sendCommand'];
    r.pipeline = ((...args: Parameters<Redis['pipeline']>) => {
      pipelines++;
      return pipeline(...args);
    }) as Redis['pipeline'];
    const l = limiter(r);
    const now = minuteClock();
    for (let i = 0; i < 1_000; i++) {
      const d = l.check(`k${i % 50}`, { requestsPerMinute: 1_000, tokensPerMinute: 1e6 }, 10, now());
      assert.ok(!(d instanceof Promise));
      assert.equal(d.allowed, true);
    }
    assert.equal(commands, 0);
    assert.equal(pipelines, 0);
    await l.syncNow();
    assert.equal(pipelines, 1, 'one pipeline for all 50 keys');
    const stored = await admin.hget(new RateLimitKeys(prefix).window('k7', Math.floor(now() / WINDOW_MS)), 'r');
    assert.equal(stored, '20');
  });

  it('fails open when Redis is unreachable: keeps deciding locally, never throws, logs once', async () => {
    const port = await getFreePort();
    const dead = createRedis({ url: `redis://127.0.0.1:${port}` });
    dead.on('error', () => undefined);
    clients.push(dead);
    const log = capturingLogger();
    const l = limiter(dead, 20, log.logger);
    l.start();
    const limits = { requestsPerMinute: 5 };
    const now = minuteClock();
    const decisions = Array.from({ length: 8 }, () => l.check('down', limits, 0, now()));
    assert.deepEqual(decisions.map((d) => d.allowed), [true, true, true, true, true, false, false, false]);
    await waitFor('the sync to give up', () => !l.redisAvailable);
    await sleep(200); // several more failing sync intervals
    assert.equal(l.check('down', limits, 0, now()).allowed, false);
    assert.equal(l.check('other', limits, 0, now()).allowed, true);
    const started = Date.now();
    await l.stop();
    assert.ok(Date.now() - started < 3_000);
    await sleep(50); // pino writes asynchronously
    const warnings = log.lines().filter((x) => x.level === 'warn');
    assert.equal(warnings.length, 1, JSON.stringify(warnings));
    assert.match(warnings[0].msg, /fail open/);
  });

  it('sends the counts kept while Redis was away once it is back', async () => {
    const r = redis();
    await r.ping();
    const log = capturingLogger();
    const l = limiter(r, 50, log.logger);
    const now = minuteClock();
    r.disconnect();
    await waitFor('the connection to close', () => r.status === 'end');
    for (let i = 0; i < 5; i++) assert.equal(l.check('away', { requestsPerMinute: 100 }, 0, now()).allowed, true);
    await l.syncNow();
    assert.equal(l.redisAvailable, false);
    await r.connect();
    await l.syncNow();
    assert.equal(l.redisAvailable, true);
    const stored = await admin.hget(new RateLimitKeys(prefix).window('away', Math.floor(now() / WINDOW_MS)), 'r');
    assert.equal(stored, '5');
    await sleep(50);
    assert.deepEqual(log.lines().map((x) => x.level), ['warn', 'info']);
  });

  it('copes with hostile keys and values: huge and odd key ids, a clobbered Redis key, thousands of keys', async () => {
    const log = capturingLogger();
    const l = limiter(redis(), 50, log.logger);
    const now = minuteClock();
    const window = Math.floor(now() / WINDOW_MS);
    const keys = new RateLimitKeys(prefix);
    await admin.set(keys.window('clobbered', window), 'not a hash');
    const odd = ['x'.repeat(10_000), '{}:*?\n\u0000', '😀', 'clobbered'];
    for (const k of odd) assert.equal(l.check(k, { requestsPerMinute: 10 }, Number.NaN, now()).allowed, true);
    for (let i = 0; i < 3_000; i++) l.check(`many-${i}`, { requestsPerMinute: 10, tokensPerMinute: 1e15 }, 1e20, now());
    await l.syncNow();
    assert.equal(l.redisAvailable, true);
    assert.equal(await admin.hget(keys.window('😀', window), 'r'), '1');
    assert.equal(await admin.hget(keys.window('many-2999', window), 't'), '1000000000000');
    assert.equal(l.activeKeys, 3_004);
    await sleep(50);
    assert.ok(log.lines().some((x) => x.level === 'warn' && /refused/.test(x.msg)));
  });

  it('stop() pushes the last deltas, even with a round trip under way', async () => {
    const l = limiter(redis(), 1_000);
    l.start();
    const now = minuteClock();
    l.check('final', { requestsPerMinute: 100 }, 0, now());
    const first = l.syncNow();
    l.check('final', { requestsPerMinute: 100 }, 0, now()); // after the round trip began
    await l.stop();
    await first;
    const stored = await admin.hget(new RateLimitKeys(prefix).window('final', Math.floor(now() / WINDOW_MS)), 'r');
    assert.equal(stored, '2');
  });

  it('forgets keys idle for two minutes', async () => {
    const l = limiter(redis());
    const t = minuteClock()();
    l.check('idle', { requestsPerMinute: 10 }, 0, t);
    await l.syncNow();
    l.check('busy', { requestsPerMinute: 10 }, 0, t + 3 * WINDOW_MS);
    await l.syncNow();
    assert.equal(l.activeKeys, 1);
  });
});
