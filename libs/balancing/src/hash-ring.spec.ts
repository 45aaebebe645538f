import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { HashRing } from './hash-ring';

const keys = Array.from({ length: 10_000 }, (_, i) => `session-${i}`);

function owners(ring: HashRing): string[] {
  return keys.map((k) => ring.lookup(k) as string);
}

describe('HashRing', () => {
  it('moves about 1/N of 10,000 keys when an instance is added, all of them to the new one', () => {
    const before = owners(new HashRing(['a', 'b', 'c', 'd']));
    const after = owners(new HashRing(['a', 'b', 'c', 'd', 'e']));
    let moved = 0;
    for (let i = 0; i < keys.length; i++) {
      if (before[i] === after[i]) continue;
      moved++;
      assert.equal(after[i], 'e');
    }
    const fraction = moved / keys.length; // ideal 1/5
    assert.ok(fraction > 0.14 && fraction < 0.26, `moved ${fraction}`);
  });

  it('moves only the removed instance\'s keys when one is removed', () => {
    const before = owners(new HashRing(['a', 'b', 'c', 'd', 'e']));
    const after = owners(new HashRing(['a', 'b', 'c', 'e']));
    let moved = 0;
    for (let i = 0; i < keys.length; i++) {
      if (before[i] !== after[i]) {
        moved++;
        assert.equal(before[i], 'd');
      }
    }
    assert.ok(moved / keys.length > 0.14 && moved / keys.length < 0.26);
  });

  it('balances keys across members (each of 5 within 20% +- 5%)', () => {
    const counts = new Map<string, number>();
    for (const o of owners(new HashRing(['a', 'b', 'c', 'd', 'e']))) counts.set(o, (counts.get(o) ?? 0) + 1);
    for (const n of counts.values()) assert.ok(Math.abs(n / keys.length - 0.2) < 0.05, String(n));
  });

  it('is the same ring whatever the member order, and deduplicates members', () => {
    const r1 = new HashRing(['x', 'y', 'z']);
    const r2 = new HashRing(['z', 'x', 'y', 'x']);
    assert.equal(r2.size, 3);
    assert.deepEqual(owners(r1).slice(0, 500), owners(r2).slice(0, 500));
  });

  it('skips excluded members clockwise and returns undefined when empty or all excluded', () => {
    const ring = new HashRing(['a', 'b', 'c']);
    const first = ring.lookup('k') as string;
    const next = ring.lookup('k', new Set([first]));
    assert.ok(next && next !== first);
    assert.equal(ring.lookup('k', new Set(['a', 'b', 'c'])), undefined);
    assert.equal(new HashRing([]).lookup('k'), undefined);
  });

  it('clamps silly vnode counts', () => {
    assert.equal(new HashRing(['a', 'b'], 0).lookup('k') !== undefined, true);
    assert.equal(new HashRing(['a', 'b'], Number.NaN).lookup('k') !== undefined, true);
    assert.equal(new HashRing(['a'], 1e9).lookup('k'), 'a');
  });
});
