import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_POLICY, type HealthPolicy } from './health-policy';
import { applyCheck, newInstanceHealth, type InstanceHealth } from './instance-health.machine';
import { endCooldown } from './provider-key.cooldown';

const policy: HealthPolicy = { ...DEFAULT_POLICY, failureThreshold: 3, successThreshold: 1, baseEjectionMs: 1_000, maxEjectionMs: 10_000 };
const pool = { size: 2, ejected: 0 };

function failKey(h: InstanceHealth, times: number, at: number): InstanceHealth {
  for (let i = 0; i < times; i++) h = applyCheck(h, { ok: false, at: at + i, source: 'passive', reason: 'HTTP 401: key rejected' }, policy, pool).next;
  return h;
}

describe('provider key cooldown', () => {
  const healthyKey = () => applyCheck(newInstanceHealth('k1', 'provider:p1'), { ok: true, at: 0, source: 'passive' }, policy, pool).next;

  it('is not cooled down by one error, only by the threshold', () => {
    assert.equal(failKey(healthyKey(), 1, 10).state, 'healthy');
    assert.equal(failKey(healthyKey(), 3, 10).state, 'ejected');
  });

  it('stays out until its cooldown ends, then comes back on probation', () => {
    const cooled = failKey(healthyKey(), 3, 10);
    assert.equal(endCooldown(cooled, cooled.ejectedUntil! - 1, policy).transition, undefined);
    const { next, transition } = endCooldown(cooled, cooled.ejectedUntil!, policy);
    assert.equal(next.state, 'healthy');
    assert.deepEqual([transition?.from, transition?.to], ['ejected', 'healthy']);
    assert.equal(next.consecutiveFailures, 2);
    const confirmed = applyCheck(next, { ok: true, at: cooled.ejectedUntil! + 5, source: 'passive' }, policy, pool).next;
    assert.equal(confirmed.consecutiveFailures, 0);
    assert.equal(confirmed.state, 'healthy');
  });

  it('a failure on probation cools it down again, for twice as long', () => {
    const cooled = failKey(healthyKey(), 3, 10);
    const first = cooled.ejectedUntil! - 12;
    const back = endCooldown(cooled, cooled.ejectedUntil!, policy).next;
    const again = failKey(back, 1, cooled.ejectedUntil! + 1);
    assert.equal(again.state, 'ejected');
    assert.equal(again.ejectedUntil! - (cooled.ejectedUntil! + 1), 2 * first);
  });

  it('leaves keys that are not cooled down alone', () => {
    const h = healthyKey();
    assert.equal(endCooldown(h, 99_999, policy).next, h);
  });
});
