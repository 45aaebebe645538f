import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Candidate } from './balancing.types';
import { FailoverPriorityStrategy } from './failover-priority.strategy';

const c = (id: string, extra: Partial<Candidate> = {}): Candidate => ({ id, weight: 1, priority: 'primary', inFlight: 0, ...extra });

describe('FailoverPriorityStrategy', () => {
  const pool = [c('b1', { priority: 'backup' }), c('p1', { inFlight: 99 }), c('p2'), c('b2', { priority: 'backup' })];

  it('sends everything to the first primary, whatever its load or weight', () => {
    const s = new FailoverPriorityStrategy();
    for (let i = 0; i < 10; i++) assert.equal(s.pick(pool, {}), 'p1');
    assert.equal(s.pick([c('p1', { weight: 0.1 }), c('p2', { weight: 10 })], {}), 'p1');
  });

  it('fails over in order as instances are tried, backups last', () => {
    const s = new FailoverPriorityStrategy();
    assert.equal(s.pick(pool, { exclude: new Set(['p1']) }), 'p2');
    assert.equal(s.pick(pool, { exclude: new Set(['p1', 'p2']) }), 'b1');
    assert.equal(s.pick(pool, { exclude: new Set(['p1', 'p2', 'b1']) }), 'b2');
    assert.equal(s.pick(pool, { exclude: new Set(['p1', 'p2', 'b1', 'b2']) }), undefined);
    assert.equal(s.pick([], {}), undefined);
  });
});
