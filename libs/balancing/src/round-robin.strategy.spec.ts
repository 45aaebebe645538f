import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Candidate } from './balancing.types';
import { RoundRobinStrategy } from './round-robin.strategy';

const c = (id: string, extra: Partial<Candidate> = {}): Candidate => ({ id, weight: 1, priority: 'primary', inFlight: 0, ...extra });

describe('RoundRobinStrategy', () => {
  it('rotates over the candidates in order', () => {
    const s = new RoundRobinStrategy();
    const pool = [c('a'), c('b'), c('c')];
    assert.deepEqual(Array.from({ length: 7 }, () => s.pick(pool, {})), ['a', 'b', 'c', 'a', 'b', 'c', 'a']);
  });

  it('spreads evenly and ignores weights and load', () => {
    const s = new RoundRobinStrategy();
    const pool = [c('a', { weight: 100, inFlight: 50 }), c('b', { weight: 1 }), c('c', { weight: 3 })];
    const counts = new Map<string, number>();
    for (let i = 0; i < 3000; i++) {
      const id = s.pick(pool, {}) as string;
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    assert.deepEqual([...counts.values()], [1000, 1000, 1000]);
  });

  it('never returns an excluded id and keeps rotating over the rest', () => {
    const s = new RoundRobinStrategy();
    const pool = [c('a'), c('b'), c('c')];
    const exclude = new Set(['b']);
    const picks = Array.from({ length: 6 }, () => s.pick(pool, { exclude }));
    assert.ok(!picks.includes('b'));
    assert.deepEqual(new Set(picks), new Set(['a', 'c']));
  });

  it('returns undefined for an empty pool or when everything is excluded or drained', () => {
    const s = new RoundRobinStrategy();
    assert.equal(s.pick([], {}), undefined);
    assert.equal(s.pick([c('a'), c('b')], { exclude: new Set(['a', 'b']) }), undefined);
    assert.equal(s.pick([c('a', { weight: 0 }), c('b', { weight: Number.NaN })], {}), undefined);
  });

  it('uses backups only while every primary is out', () => {
    const s = new RoundRobinStrategy();
    const pool = [c('p1'), c('b1', { priority: 'backup' }), c('p2'), c('b2', { priority: 'backup' })];
    const normal = new Set(Array.from({ length: 20 }, () => s.pick(pool, {})));
    assert.deepEqual(normal, new Set(['p1', 'p2']));
    const onePrimaryTried = new Set(Array.from({ length: 20 }, () => s.pick(pool, { exclude: new Set(['p1']) })));
    assert.deepEqual(onePrimaryTried, new Set(['p2']));
    const allPrimariesTried = new Set(Array.from({ length: 20 }, () => s.pick(pool, { exclude: new Set(['p1', 'p2']) })));
    assert.deepEqual(allPrimariesTried, new Set(['b1', 'b2']));
    const primariesDrained = [c('p1', { weight: 0 }), c('b1', { priority: 'backup' })];
    assert.equal(s.pick(primariesDrained, {}), 'b1');
  });

  it('copes with the pool changing size between picks', () => {
    const s = new RoundRobinStrategy();
    for (let i = 0; i < 50; i++) {
      const pool = Array.from({ length: (i % 4) + 1 }, (_, k) => c(`i${k}`));
      const id = s.pick(pool, {});
      assert.ok(pool.some((p) => p.id === id));
    }
  });
});
