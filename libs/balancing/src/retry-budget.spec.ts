import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RetryBudget } from './retry-budget';

describe('RetryBudget', () => {
  it('keeps retries <= 20% of requests under a sustained outage (every request wants to retry)', () => {
    const budget = new RetryBudget();
    let requests = 0;
    let retries = 0;
    const perWindow: number[] = [];
    let windowRetries = 0;
    // 200 requests/s for 60 s, each failing and asking for up to 3 retries
    for (let ms = 0; ms < 60_000; ms += 5) {
      budget.recordRequest(ms);
      requests++;
      for (let attempt = 0; attempt < 3; attempt++) {
        if (!budget.tryAcquireRetry(ms)) break;
        retries++;
        windowRetries++;
      }
      if ((ms + 5) % 10_000 === 0) {
        perWindow.push(windowRetries);
        windowRetries = 0;
      }
    }
    assert.ok(retries / requests <= 0.2 + 1e-9, `${retries}/${requests}`);
    assert.ok(retries / requests > 0.18, `budget should be used: ${retries}/${requests}`);
    for (const n of perWindow) assert.ok(n <= 0.2 * 2_000 + 1, `window: ${n}`);
  });

  it('honours the minimum at low traffic (3 retries per second over the window)', () => {
    const budget = new RetryBudget({ windowMs: 10_000 });
    budget.recordRequest(0);
    let allowed = 0;
    for (let i = 0; i < 100; i++) if (budget.tryAcquireRetry(1)) allowed++;
    assert.equal(allowed, 30);
    // once the window has slid past, the minimum is available again
    let later = 0;
    for (let i = 0; i < 100; i++) if (budget.tryAcquireRetry(20_000)) later++;
    assert.equal(later, 30);
  });

  it('forgets old traffic as the window slides', () => {
    const budget = new RetryBudget({ ratio: 0.5, minRetriesPerSecond: 0, windowMs: 1_000 });
    for (let i = 0; i < 100; i++) budget.recordRequest(0);
    assert.equal(budget.tryAcquireRetry(10), true);
    assert.equal(budget.tryAcquireRetry(5_000), false, 'requests from 5 s ago no longer count');
  });

  it('a ratio of 0 with no minimum never retries', () => {
    const budget = new RetryBudget({ ratio: 0, minRetriesPerSecond: 0 });
    for (let i = 0; i < 50; i++) budget.recordRequest(i);
    assert.equal(budget.tryAcquireRetry(50), false);
  });

  it('survives time going backwards and nonsense options', () => {
    const budget = new RetryBudget({ ratio: -1, minRetriesPerSecond: Number.NaN, windowMs: 0 });
    assert.equal(budget.ratio, 0.2);
    assert.equal(budget.minRetriesPerSecond, 3);
    assert.ok(budget.windowMs >= 10);
    budget.recordRequest(10_000);
    budget.recordRequest(5_000);
    budget.recordRequest(Number.NaN);
    assert.equal(typeof budget.tryAcquireRetry(-1), 'boolean');
  });
});
