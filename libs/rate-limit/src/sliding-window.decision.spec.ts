import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decide, effectiveLimit, secondsUntilFits, slidingWindowEstimate, windowAt, type DecisionInput } from './sliding-window.decision';
import type { WindowCounts } from './rate-limit.types';

const counts = (previous: number, current: number): WindowCounts => ({ previous, current });
const input = (over: Partial<DecisionInput>): DecisionInput => ({
  limits: {},
  requests: counts(0, 0),
  tokens: counts(0, 0),
  estimatedTokens: 0,
  elapsedFraction: 0,
  ...over,
});

describe('slidingWindowEstimate', () => {
  it('weights the previous window by what is left of it', () => {
    assert.equal(slidingWindowEstimate(100, 0, 0), 100);
    assert.equal(slidingWindowEstimate(100, 10, 0.25), 85);
    assert.equal(slidingWindowEstimate(100, 10, 0.5), 60);
    assert.equal(slidingWindowEstimate(0, 42, 0.9), 42);
  });
  it('clamps nonsense: fractions outside [0, 1], NaN, negative counts', () => {
    assert.equal(slidingWindowEstimate(100, 0, -1), 100);
    assert.equal(slidingWindowEstimate(100, 0, 2), 0);
    assert.equal(slidingWindowEstimate(100, 0, Number.NaN), 100);
    assert.equal(slidingWindowEstimate(-50, 5, 0), 5);
    assert.equal(slidingWindowEstimate(Number.NaN, Infinity, 0.5), 0);
    assert.equal(slidingWindowEstimate(0, -30, 0.5), 0);
  });
});

describe('windowAt', () => {
  it('returns the minute index and the elapsed fraction', () => {
    assert.deepEqual(windowAt(0), { window: 0, elapsedFraction: 0 });
    assert.deepEqual(windowAt(90_000), { window: 1, elapsedFraction: 0.5 });
    assert.deepEqual(windowAt(119_999).window, 1);
  });
});

describe('effectiveLimit', () => {
  it('maps null, undefined, negative and non-finite to "no limit" and keeps 0', () => {
    for (const v of [null, undefined, -1, Number.NaN, Infinity]) assert.equal(effectiveLimit(v), undefined);
    assert.equal(effectiveLimit(0), 0);
    assert.equal(effectiveLimit(60), 60);
  });
});

describe('decide', () => {
  it('allows everything without limits', () => {
    assert.deepEqual(decide(input({ requests: counts(1e9, 1e9), estimatedTokens: 1e9 })), { allowed: true, retryAfterSeconds: 0 });
  });

  it('admits up to exactly requestsPerMinute in a fresh window', () => {
    const limits = { requestsPerMinute: 3 };
    assert.equal(decide(input({ limits, requests: counts(0, 2) })).allowed, true);
    const refused = decide(input({ limits, requests: counts(0, 3) }));
    assert.equal(refused.allowed, false);
    assert.equal(refused.reason, 'requests');
  });

  it('counts the previous window by the sliding estimate', () => {
    const limits = { requestsPerMinute: 100 };
    // 100 last minute, half-way through this one: estimate 50 + current
    assert.equal(decide(input({ limits, requests: counts(100, 49), elapsedFraction: 0.5 })).allowed, true);
    assert.equal(decide(input({ limits, requests: counts(100, 50), elapsedFraction: 0.5 })).allowed, false);
  });

  it('limits tokens: used + estimated must fit', () => {
    const limits = { tokensPerMinute: 1000 };
    assert.equal(decide(input({ limits, tokens: counts(0, 600), estimatedTokens: 400 })).allowed, true);
    const refused = decide(input({ limits, tokens: counts(0, 601), estimatedTokens: 400 }));
    assert.deepEqual([refused.allowed, refused.reason], [false, 'tokens']);
  });

  it('admits a request larger than the whole token limit only into an empty window', () => {
    const limits = { tokensPerMinute: 1000 };
    assert.equal(decide(input({ limits, estimatedTokens: 5000 })).allowed, true);
    assert.equal(decide(input({ limits, tokens: counts(0, 10), estimatedTokens: 5000 })).allowed, false);
  });

  it('a limit of 0 refuses everything', () => {
    assert.equal(decide(input({ limits: { requestsPerMinute: 0 } })).allowed, false);
    assert.equal(decide(input({ limits: { tokensPerMinute: 0 }, estimatedTokens: 1 })).allowed, false);
  });

  it('names requests first when both limits are hit, with the longer Retry-After', () => {
    const d = decide(input({ limits: { requestsPerMinute: 10, tokensPerMinute: 100 }, requests: counts(0, 10), tokens: counts(200, 100), estimatedTokens: 50 }));
    assert.equal(d.reason, 'requests');
    const tokensOnly = decide(input({ limits: { tokensPerMinute: 100 }, tokens: counts(200, 100), estimatedTokens: 50 }));
    assert.ok(d.retryAfterSeconds >= tokensOnly.retryAfterSeconds);
  });

  it('treats hostile estimates (NaN, negative, Infinity) as 0 tokens', () => {
    const limits = { tokensPerMinute: 10 };
    for (const estimatedTokens of [Number.NaN, -1e9, Infinity]) assert.equal(decide(input({ limits, tokens: counts(0, 10), estimatedTokens })).allowed, true);
  });

  describe('retryAfterSeconds', () => {
    it('is 0 when allowed and at least 1 when refused, at most two windows', () => {
      assert.equal(decide(input({ limits: { requestsPerMinute: 5 } })).retryAfterSeconds, 0);
      const d = decide(input({ limits: { requestsPerMinute: 1 }, requests: counts(0, 1e9) }));
      assert.ok(d.retryAfterSeconds >= 1 && d.retryAfterSeconds <= 120);
    });

    it('waits for the previous window to slide out when the current one has room', () => {
      // 100 last minute, 0 now, at 0: estimate 100; one more fits once 100 x (1 - g) <= 99 => g = 0.01 => 0.6 s => 1 s
      assert.equal(secondsUntilFits(counts(100, 0), 1, 100, 0), 0.6000000000000005);
      assert.equal(decide(input({ limits: { requestsPerMinute: 100 }, requests: counts(100, 0) })).retryAfterSeconds, 1);
      // 100 last minute, 50 now, at 0.25: need 100 x (1 - g) + 50 <= 99 => g = 0.51 => (0.51 - 0.25) x 60 = 15.6 s
      assert.equal(decide(input({ limits: { requestsPerMinute: 100 }, requests: counts(100, 50), elapsedFraction: 0.25 })).retryAfterSeconds, 16);
    });

    it('waits into the next window when the current one is full', () => {
      // 10 of 10 used at 1/60 into the minute: 59 s to the turn, then 10 x (1 - g) <= 9 => g = 0.1 => +6 s
      const d = decide(input({ limits: { requestsPerMinute: 10 }, requests: counts(0, 10), elapsedFraction: 1 / 60 }));
      assert.equal(d.retryAfterSeconds, 65);
    });

    it('is honest: at now + retryAfter the same request is admitted (no further traffic), and not much earlier', () => {
      let seed = 7;
      const rand = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
      for (let i = 0; i < 5_000; i++) {
        const limit = 1 + Math.floor(rand() * 500);
        const prev = Math.floor(rand() * limit * 2);
        const curr = Math.floor(rand() * limit * 1.5);
        const f = rand();
        const limits = { requestsPerMinute: limit };
        const d = decide(input({ limits, requests: counts(prev, curr), elapsedFraction: f }));
        if (d.allowed) continue;
        const later = f + d.retryAfterSeconds / 60;
        const shifted = later >= 1 ? counts(later >= 2 ? 0 : curr, 0) : counts(prev, curr);
        const fLater = later >= 1 ? later - Math.floor(later) : later;
        assert.equal(decide(input({ limits, requests: shifted, elapsedFraction: fLater })).allowed, true, `limit ${limit} prev ${prev} curr ${curr} f ${f} -> ${d.retryAfterSeconds}`);
        if (d.retryAfterSeconds > 1) {
          const earlier = f + (d.retryAfterSeconds - 1.001) / 60;
          const s2 = earlier >= 1 ? counts(curr, 0) : counts(prev, curr);
          const f2 = earlier >= 1 ? earlier - 1 : earlier;
          assert.equal(decide(input({ limits, requests: s2, elapsedFraction: f2 })).allowed, false, `too long: limit ${limit} prev ${prev} curr ${curr} f ${f}`);
        }
      }
    });
  });
});
