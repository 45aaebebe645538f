import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { KeyCounters, type Counts } from './key-counters';

const totals = (entries: Array<[number, number, number]>): Map<number, Counts> =>
  new Map(entries.map(([w, requests, tokens]) => [w, { requests, tokens }]));

describe('KeyCounters', () => {
  it('sums pending local counts into the view of the current and previous window', () => {
    const k = new KeyCounters();
    k.add(10, 1, 100);
    k.add(10, 1, 50);
    k.add(9, 3, 0);
    assert.deepEqual(k.view(10), { requests: { previous: 3, current: 2 }, tokens: { previous: 0, current: 150 } });
    assert.equal(k.lastWindow, 10);
  });

  it('does not double count while a sync is in flight or after it lands', () => {
    const k = new KeyCounters();
    k.add(10, 5, 0);
    const deltas = k.beginSync(10);
    assert.deepEqual([...deltas], [[10, { requests: 5, tokens: 0 }]]);
    assert.equal(k.syncing, true);
    k.add(10, 2, 0); // arrives during the round trip
    assert.equal(k.view(10).requests.current, 7);
    // Redis now holds our 5 plus 20 from another replica
    k.endSync(totals([[9, 0, 0], [10, 25, 0]]));
    assert.equal(k.syncing, false);
    assert.equal(k.view(10).requests.current, 27);
    assert.equal(k.hasUnsent, true);
  });

  it('puts the deltas back when the sync failed, and drops them when Redis refused them', () => {
    const k = new KeyCounters();
    k.add(10, 4, 40);
    k.beginSync(10);
    k.endSync(undefined);
    assert.deepEqual(k.view(10).requests.current, 4);
    assert.deepEqual([...k.beginSync(10)], [[10, { requests: 4, tokens: 40 }]]);
    k.endSync(undefined, true);
    assert.equal(k.view(10).requests.current, 0);
    assert.equal(k.hasUnsent, false);
  });

  it('drops deltas of windows older than the previous one and forgets old known totals', () => {
    const k = new KeyCounters();
    k.add(5, 1, 0);
    k.add(9, 1, 0);
    k.add(10, 1, 0);
    assert.deepEqual([...k.beginSync(10).keys()], [9, 10]);
    k.endSync(totals([[9, 1, 0], [10, 1, 0]]));
    k.add(13, 1, 0);
    k.beginSync(13);
    k.endSync(totals([[12, 0, 0], [13, 1, 0]]));
    assert.deepEqual(k.view(10).requests, { previous: 0, current: 0 });
  });

  it('skips all-zero deltas (a token correction that cancels out)', () => {
    const k = new KeyCounters();
    k.add(10, 0, 100);
    k.add(10, 0, -100);
    assert.equal(k.beginSync(10).size, 0);
  });
});
