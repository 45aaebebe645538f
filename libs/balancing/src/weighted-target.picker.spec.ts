import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { WeightedTargetPicker } from './weighted-target.picker';

const all = (): boolean => true;

describe('WeightedTargetPicker', () => {
  it('gives 100/200 exactly 1/3 and 2/3 of first picks over 30,000 plans', () => {
    const p = new WeightedTargetPicker([{ key: 'deployment:a', weight: 100 }, { key: 'provider-model:b', weight: 200 }]);
    let a = 0;
    for (let i = 0; i < 30_000; i++) if (p.plan(all)[0] === 'deployment:a') a++;
    assert.equal(a, 10_000);
  });

  it('keeps 3-way shares within 1% (10/30/60)', () => {
    const p = new WeightedTargetPicker([{ key: 'x', weight: 10 }, { key: 'y', weight: 30 }, { key: 'z', weight: 60 }]);
    const counts = new Map<string, number>();
    for (let i = 0; i < 30_000; i++) {
      const k = p.plan(all)[0];
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    assert.ok(Math.abs((counts.get('x') ?? 0) / 30_000 - 0.1) < 0.01);
    assert.ok(Math.abs((counts.get('y') ?? 0) / 30_000 - 0.3) < 0.01);
    assert.ok(Math.abs((counts.get('z') ?? 0) / 30_000 - 0.6) < 0.01);
  });

  it('orders the rest by descending weight, then the fallback', () => {
    const p = new WeightedTargetPicker([
      { key: 'deployment:small', weight: 1 },
      { key: 'deployment:big', weight: 50 },
      { key: 'deployment:mid', weight: 10 },
    ]);
    for (let i = 0; i < 61; i++) {
      const plan = p.plan(all, 'provider-model:fb');
      assert.equal(plan.length, 4);
      assert.equal(plan[3], 'provider-model:fb');
      const rest = ['deployment:big', 'deployment:mid', 'deployment:small'].filter((k) => k !== plan[0]);
      assert.deepEqual(plan.slice(1, 3), rest);
    }
  });

  it('keeps declaration order on equal weights', () => {
    const p = new WeightedTargetPicker([{ key: 'a', weight: 1 }, { key: 'b', weight: 1 }, { key: 'c', weight: 1 }]);
    assert.deepEqual(p.plan(all), ['a', 'b', 'c']);
    assert.deepEqual(p.plan(all), ['b', 'a', 'c']);
    assert.deepEqual(p.plan(all), ['c', 'a', 'b']);
  });

  it('leaves unavailable targets out and shares among the available ones', () => {
    const p = new WeightedTargetPicker([{ key: 'a', weight: 1 }, { key: 'b', weight: 1 }, { key: 'c', weight: 2 }]);
    const up = (k: string): boolean => k !== 'c';
    const firsts = Array.from({ length: 100 }, () => p.plan(up)[0]);
    assert.equal(firsts.filter((k) => k === 'a').length, 50);
    assert.ok(!p.plan(up).includes('c'));
    assert.deepEqual(p.plan(() => false, 'fb'), []);
    assert.deepEqual(p.plan((k) => k === 'fb', 'fb'), ['fb']);
  });

  it('does not repeat the fallback when it is also a target, and ignores an empty fallback', () => {
    const p = new WeightedTargetPicker([{ key: 'a', weight: 1 }, { key: 'b', weight: 1 }]);
    assert.deepEqual(new Set(p.plan(all, 'b')), new Set(['a', 'b']));
    assert.equal(p.plan(all, 'b').length, 2);
    assert.equal(p.plan(all, '').length, 2);
  });

  it('switches off zero, negative and non-finite weights and merges duplicate keys', () => {
    const p = new WeightedTargetPicker([
      { key: 'zero', weight: 0 },
      { key: 'neg', weight: -1 },
      { key: 'nan', weight: Number.NaN },
      { key: 'inf', weight: Infinity },
      { key: 'dup', weight: 1 },
      { key: 'dup', weight: 2 },
      { key: 'one', weight: 1 },
    ]);
    assert.deepEqual(p.targets, [{ key: 'dup', weight: 3 }, { key: 'one', weight: 1 }]);
    let dup = 0;
    for (let i = 0; i < 400; i++) if (p.plan(all)[0] === 'dup') dup++;
    assert.equal(dup, 300);
  });

  it('returns only the fallback (if available) when there are no targets', () => {
    const p = new WeightedTargetPicker([]);
    assert.deepEqual(p.plan(all), []);
    assert.deepEqual(p.plan(all, 'provider-model:x'), ['provider-model:x']);
  });
});
