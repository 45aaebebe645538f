import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { KeyedLimiter } from './keyed-limiter';

const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));

describe('KeyedLimiter', () => {
  it('keeps one key in order and bounds the total in flight', async () => {
    const limiter = new KeyedLimiter(3);
    const order: string[] = [];
    let running = 0;
    let peak = 0;
    const jobs: Array<Promise<void>> = [];
    for (let i = 0; i < 12; i += 1) {
      await limiter.acquire();
      const key = `k${i % 4}`;
      jobs.push(
        limiter.run(key, async () => {
          running += 1;
          peak = Math.max(peak, running);
          await tick(i % 3);
          order.push(`${key}:${i}`);
          running -= 1;
        }),
      );
    }
    await Promise.all(jobs);
    await limiter.idle();
    assert.ok(peak <= 3, `peak ${peak}`);
    for (const key of ['k0', 'k1', 'k2', 'k3']) {
      const seen = order.filter((o) => o.startsWith(`${key}:`)).map((o) => Number(o.split(':')[1]));
      assert.deepEqual(seen, [...seen].sort((a, b) => a - b));
    }
    assert.equal(limiter.active, 0);
  });

  it('survives a failing task and frees its slot', async () => {
    const limiter = new KeyedLimiter(1);
    await limiter.acquire();
    await limiter.run('a', async () => {
      throw new Error('boom');
    });
    await limiter.acquire();
    let ran = false;
    await limiter.run('a', async () => {
      ran = true;
    });
    assert.equal(ran, true);
    await limiter.idle();
  });

  it('refuses a silly limit', () => {
    assert.throws(() => new KeyedLimiter(0), RangeError);
    assert.throws(() => new KeyedLimiter(1.5), RangeError);
  });
});
