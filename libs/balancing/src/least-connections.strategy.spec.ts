import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Candidate } from './balancing.types';
import { LeastConnectionsStrategy } from './least-connections.strategy';

const c = (id: string, inFlight: number, extra: Partial<Candidate> = {}): Candidate => ({ id, weight: 1, priority: 'primary', inFlight, ...extra });

describe('LeastConnectionsStrategy', () => {
  it('picks the least loaded instance', () => {
    const s = new LeastConnectionsStrategy();
    assert.equal(s.pick([c('a', 5), c('b', 2), c('c', 9)], {}), 'b');
    assert.equal(s.pick([c('a', 0), c('b', 2), c('c', 9)], {}), 'a');
    assert.equal(s.pick([c('a', 3), c('b', 2), c('c', 1)], {}), 'c');
  });

  it('weighs load by weight (inFlight / weight, as nginx least_conn)', () => {
    const s = new LeastConnectionsStrategy();
    // 4 in flight on weight 4 (load 1) beats 2 in flight on weight 1 (load 2)
    assert.equal(s.pick([c('small', 2), c('big', 4, { weight: 4 })], {}), 'big');
    // a degraded instance (weight 0.5) with 1 in flight (load 2) loses to a healthy one with 1 (load 1)
    assert.equal(s.pick([c('degraded', 1, { weight: 0.5 }), c('healthy', 1)], {}), 'healthy');
  });

  it('breaks ties by the higher weight', () => {
    const s = new LeastConnectionsStrategy();
    for (let i = 0; i < 5; i++) assert.equal(s.pick([c('a', 0), c('b', 0, { weight: 3 }), c('c', 0, { weight: 2 })], {}), 'b');
  });

  it('rotates among full ties instead of always taking the first', () => {
    const s = new LeastConnectionsStrategy();
    const pool = [c('a', 0), c('b', 0), c('c', 0), c('busy', 4)];
    const picks = Array.from({ length: 9 }, () => s.pick(pool, {}));
    assert.deepEqual(picks, ['a', 'b', 'c', 'a', 'b', 'c', 'a', 'b', 'c']);
  });

  it('spreads a burst: with counters updated between picks, load stays level', () => {
    const s = new LeastConnectionsStrategy();
    const pool = [c('a', 0), c('b', 0), c('c', 0)];
    for (let i = 0; i < 30; i++) {
      const id = s.pick(pool, {});
      const chosen = pool.find((p) => p.id === id);
      assert.ok(chosen);
      chosen.inFlight++;
    }
    assert.deepEqual(pool.map((p) => p.inFlight), [10, 10, 10]);
  });

  it('excludes tried ids, even when they are the least loaded', () => {
    const s = new LeastConnectionsStrategy();
    assert.equal(s.pick([c('a', 0), c('b', 7)], { exclude: new Set(['a']) }), 'b');
  });

  it('returns undefined for empty or fully excluded input', () => {
    const s = new LeastConnectionsStrategy();
    assert.equal(s.pick([], {}), undefined);
    assert.equal(s.pick([c('a', 0)], { exclude: new Set(['a']) }), undefined);
  });

  it('uses backups only while every primary is out, even if the backup is idle', () => {
    const s = new LeastConnectionsStrategy();
    const pool = [c('p', 50), c('b', 0, { priority: 'backup' })];
    assert.equal(s.pick(pool, {}), 'p');
    assert.equal(s.pick(pool, { exclude: new Set(['p']) }), 'b');
  });

  it('treats negative or NaN in-flight counts as zero and never picks a drained instance', () => {
    const s = new LeastConnectionsStrategy();
    assert.equal(s.pick([c('a', 1), c('b', Number.NaN)], {}), 'b');
    assert.equal(s.pick([c('a', 1), c('b', -3)], {}), 'b');
    assert.equal(s.pick([c('a', 9), c('b', 0, { weight: 0 })], {}), 'a');
  });
});
