import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { percentile, summarize } from './latency.stats';

describe('percentile', () => {
  it('uses nearest rank on a sorted copy', () => {
    const values = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    assert.equal(percentile(values, 50), 5);
    assert.equal(percentile(values, 99), 10);
    assert.equal(percentile(values, 0), 1);
    assert.equal(percentile(values, 100), 10);
    assert.deepEqual(values.slice(0, 3), [5, 1, 4], 'input untouched');
  });

  it('handles one value and none', () => {
    assert.equal(percentile([7], 99), 7);
    assert.ok(Number.isNaN(percentile([], 50)));
    assert.deepEqual(summarize([2, 4]), { count: 2, p50: 2, p99: 4 });
  });
});
