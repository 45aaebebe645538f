import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rolloutParamsFrom } from './rollout-params';

describe('rolloutParamsFrom', () => {
  it('takes the given fields for each strategy', () => {
    const p = rolloutParamsFrom({ rollout: { maxSurge: 2, readyTimeoutMs: 5000, steps: [10, 100], bakeMs: 100 } });
    assert.deepEqual(p.rolling, { maxSurge: 2, readyTimeoutMs: 5000 });
    assert.deepEqual(p.blueGreen, { readyTimeoutMs: 5000 });
    assert.deepEqual(p.canary, { steps: [10, 100], bakeMs: 100, readyTimeoutMs: 5000 });
  });

  it('ignores malformed or hostile settings as a whole', () => {
    assert.deepEqual(rolloutParamsFrom({ rollout: { maxSurge: -1, bakeMs: 10 } }), {});
    assert.deepEqual(rolloutParamsFrom({ rollout: 'fast' }), {});
    assert.deepEqual(rolloutParamsFrom({ rollout: { steps: new Array(50).fill(1) } }), {});
    assert.deepEqual(rolloutParamsFrom(undefined), { rolling: {}, blueGreen: {}, canary: {} });
  });
});
