import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { pickWeighted } from './weighted-choice';

const items = [{ id: 'a', weight: 1 }, { id: 'b', weight: 3 }];

describe('pickWeighted', () => {
  it('maps random in [0, 1) onto cumulative weights', () => {
    assert.equal(pickWeighted(items, 0)?.id, 'a');
    assert.equal(pickWeighted(items, 0.2499)?.id, 'a');
    assert.equal(pickWeighted(items, 0.25)?.id, 'b');
    assert.equal(pickWeighted(items, 0.9999999999999999)?.id, 'b');
  });

  it('follows weights over many draws', () => {
    let b = 0;
    for (let i = 0; i < 10_000; i++) if (pickWeighted(items, i / 10_000)?.id === 'b') b++;
    assert.equal(b, 7_500);
  });

  it('never picks zero, negative or non-finite weights, even at random 0 or 0.999…', () => {
    const mixed = [{ id: 'z', weight: 0 }, { id: 'n', weight: -2 }, { id: 'ok', weight: 2 }, { id: 'nan', weight: Number.NaN }, { id: 'z2', weight: 0 }];
    assert.equal(pickWeighted(mixed, 0)?.id, 'ok');
    assert.equal(pickWeighted(mixed, 0.9999999999999999)?.id, 'ok');
  });

  it('returns undefined for an empty list or all-zero weights', () => {
    assert.equal(pickWeighted([], 0.5), undefined);
    assert.equal(pickWeighted([{ weight: 0 }, { weight: 0 }], 0.5), undefined);
  });

  it('clamps random outside [0, 1) and NaN', () => {
    assert.equal(pickWeighted(items, -5)?.id, 'a');
    assert.equal(pickWeighted(items, 1)?.id, 'b');
    assert.equal(pickWeighted(items, 7)?.id, 'b');
    assert.equal(pickWeighted(items, Number.NaN)?.id, 'a');
  });

  it('handles a single item and tiny weights', () => {
    assert.equal(pickWeighted([{ weight: 1e-12 }], 0.999)?.weight, 1e-12);
  });
});
