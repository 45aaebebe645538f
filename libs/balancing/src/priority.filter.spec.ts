import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Candidate } from './balancing.types';
import { anyPrimaryAvailable, countEligible, eligibleByPriority, isEligible, isUsable, nthEligible } from './priority.filter';

const c = (id: string, extra: Partial<Candidate> = {}): Candidate => ({ id, weight: 1, priority: 'primary', inFlight: 0, ...extra });

describe('eligibleByPriority', () => {
  it('keeps primaries while any is usable', () => {
    assert.deepEqual(eligibleByPriority([c('p'), c('b', { priority: 'backup' })]).map((x) => x.id), ['p']);
  });
  it('returns the backups once every primary is out (drained or absent)', () => {
    assert.deepEqual(eligibleByPriority([c('p', { weight: 0 }), c('b', { priority: 'backup' })]).map((x) => x.id), ['b']);
    assert.deepEqual(eligibleByPriority([c('b1', { priority: 'backup' }), c('b2', { priority: 'backup' })]).map((x) => x.id), ['b1', 'b2']);
  });
  it('drops drained candidates, returns the input itself when nothing is filtered, and handles empty input', () => {
    const all = [c('a'), c('b')];
    assert.equal(eligibleByPriority(all), all);
    assert.deepEqual(eligibleByPriority([c('a'), c('x', { weight: -1 }), c('y', { weight: Number.NaN })]).map((x) => x.id), ['a']);
    assert.deepEqual(eligibleByPriority([]), []);
  });
});

describe('allocation-free eligibility helpers', () => {
  const pool = [c('p1'), c('p2', { weight: 0 }), c('b1', { priority: 'backup' }), c('p3')];

  it('isUsable: finite weight > 0', () => {
    assert.deepEqual([1, 0.01, 0, -1, Number.NaN, Infinity].map((weight) => isUsable(c('x', { weight }))), [true, true, false, false, false, false]);
  });

  it('anyPrimaryAvailable respects drained and excluded primaries', () => {
    assert.equal(anyPrimaryAvailable(pool, undefined), true);
    assert.equal(anyPrimaryAvailable(pool, new Set(['p1', 'p3'])), false);
    assert.equal(anyPrimaryAvailable([], undefined), false);
  });

  it('isEligible, countEligible and nthEligible agree', () => {
    const exclude = new Set(['p1']);
    const up = anyPrimaryAvailable(pool, exclude);
    assert.deepEqual(pool.filter((x) => isEligible(x, exclude, up)).map((x) => x.id), ['p3']);
    assert.equal(countEligible(pool, exclude, up), 1);
    assert.equal(nthEligible(pool, exclude, up, 0)?.id, 'p3');
    assert.equal(nthEligible(pool, exclude, up, 1), undefined);
    const allOut = new Set(['p1', 'p3']);
    assert.equal(nthEligible(pool, allOut, anyPrimaryAvailable(pool, allOut), 0)?.id, 'b1');
  });
});
