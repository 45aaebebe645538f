import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rendezvousOwner } from './rendezvous-hash';

const keys = Array.from({ length: 3000 }, (_, i) => `inst-${i}`);
const owners = (replicas: string[]) => new Map(keys.map((k) => [k, rendezvousOwner(k, replicas)]));

describe('rendezvous hashing', () => {
  it('gives no owner without replicas and the only replica everything', () => {
    assert.equal(rendezvousOwner('a', []), undefined);
    assert.equal(rendezvousOwner('a', ['r1']), 'r1');
  });

  it('is independent of the order replicas are listed in', () => {
    for (const k of keys.slice(0, 200)) assert.equal(rendezvousOwner(k, ['a', 'b', 'c']), rendezvousOwner(k, ['c', 'a', 'b']));
  });

  it('spreads keys roughly evenly', () => {
    const counts = new Map<string, number>();
    for (const o of owners(['r1', 'r2', 'r3']).values()) counts.set(o!, (counts.get(o!) ?? 0) + 1);
    for (const n of counts.values()) assert.ok(n > 800 && n < 1200, `uneven share ${n}`);
  });

  it('moves only the leaving replica\'s keys, and only to survivors', () => {
    const before = owners(['r1', 'r2', 'r3']);
    const after = owners(['r1', 'r3']);
    for (const k of keys) {
      if (before.get(k) !== 'r2') assert.equal(after.get(k), before.get(k));
      else assert.ok(after.get(k) === 'r1' || after.get(k) === 'r3');
    }
  });

  it('a joining replica takes keys only from others, about 1/n of them', () => {
    const before = owners(['r1', 'r2']);
    const after = owners(['r1', 'r2', 'r3']);
    let moved = 0;
    for (const k of keys) {
      if (after.get(k) !== before.get(k)) {
        assert.equal(after.get(k), 'r3');
        moved++;
      }
    }
    assert.ok(moved > 800 && moved < 1200, `moved ${moved}`);
  });

  it('copes with hostile ids (empty, huge, unicode)', () => {
    assert.ok(['a', 'b'].includes(rendezvousOwner('', ['a', 'b'])!));
    assert.ok(['a', 'b'].includes(rendezvousOwner('x'.repeat(100_000), ['a', 'b'])!));
    assert.ok(['ü', '🙂'].includes(rendezvousOwner('ключ', ['ü', '🙂'])!));
  });
});
