import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { shiftForOverflow } from './overflow.shift';

const plan = ['deployment:d1', 'deployment:d2', 'provider-model:p1:m1'];

describe('shiftForOverflow', () => {
  it('leaves the plan alone without pressure', () => {
    assert.deepEqual(shiftForOverflow(plan, () => 0, () => 0), plan);
  });

  it('puts the SaaS target first for the share of requests, keeping the deployment as the next try', () => {
    assert.deepEqual(shiftForOverflow(plan, () => 0.3, () => 0.1), ['provider-model:p1:m1', 'deployment:d1', 'deployment:d2']);
    assert.deepEqual(shiftForOverflow(plan, () => 0.3, () => 0.3), plan);
  });

  it('shifts about the share over many requests', () => {
    let n = 0;
    let shifted = 0;
    const random = () => ((n++ * 7919) % 10_000) / 10_000;
    for (let i = 0; i < 10_000; i++) if (shiftForOverflow(plan, () => 0.25, random)[0].startsWith('provider-model:')) shifted++;
    assert.ok(Math.abs(shifted / 10_000 - 0.25) < 0.01, String(shifted));
  });

  it('does nothing when the route has no SaaS target, or starts with one already', () => {
    assert.deepEqual(shiftForOverflow(['deployment:d1'], () => 1, () => 0), ['deployment:d1']);
    const saasFirst = ['provider-model:p1:m1', 'deployment:d1'];
    assert.deepEqual(shiftForOverflow(saasFirst, () => 1, () => 0), saasFirst);
    assert.deepEqual(shiftForOverflow([], () => 1, () => 0), []);
  });

  it('treats garbage shares as none and caps at 1', () => {
    assert.deepEqual(shiftForOverflow(plan, () => Number.NaN, () => 0), plan);
    assert.deepEqual(shiftForOverflow(plan, () => -1, () => 0), plan);
    assert.equal(shiftForOverflow(plan, () => 7, () => 0.99)[0], 'provider-model:p1:m1');
  });
});
