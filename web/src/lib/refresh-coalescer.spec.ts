import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RefreshCoalescer } from './refresh-coalescer';

describe('RefreshCoalescer', () => {
  it('makes one refresh call for concurrent requests with the same token', async () => {
    let calls = 0;
    const c = new RefreshCoalescer<string>({
      refresh: async (t) => {
        calls += 1;
        await new Promise((r) => setTimeout(r, 5));
        return `new-${t}`;
      },
    });
    const results = await Promise.all(Array.from({ length: 20 }, () => c.refresh('rt1')));
    assert.equal(calls, 1);
    assert.ok(results.every((r) => r === 'new-rt1'));
    // A late request with the old token still gets the same answer (the registry would treat reuse as theft).
    assert.equal(await c.refresh('rt1'), 'new-rt1');
    assert.equal(calls, 1);
  });

  it('forgets results after keepMs and forgets failures at once', async () => {
    let now = 0;
    let calls = 0;
    let fail = true;
    const c = new RefreshCoalescer<number>({
      now: () => now,
      keepMs: 1000,
      refresh: async () => {
        calls += 1;
        if (fail) throw new Error('registry down');
        return calls;
      },
    });
    await assert.rejects(c.refresh('t'), /registry down/);
    fail = false;
    assert.equal(await c.refresh('t'), 2);
    now = 5000;
    assert.equal(await c.refresh('t'), 3);
  });

  it('stays bounded', async () => {
    const c = new RefreshCoalescer<string>({ refresh: async (t) => t, maxEntries: 10 });
    for (let i = 0; i < 100; i++) await c.refresh(`t${i}`);
    assert.ok(c.size <= 10);
  });
});
