import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_POLICY, policyFromHealthCheck, type HealthPolicy } from './health-policy';
import {
  applyCheck, ejectionAllowance, ejectionDuration, newInstanceHealth, probeDue,
  type CheckResult, type InstanceHealth, type PoolView, type Transition,
} from './instance-health.machine';

const policy: HealthPolicy = { ...DEFAULT_POLICY, intervalMs: 1_000, baseEjectionMs: 1_000, maxEjectionMs: 8_000, ejectionDecayMs: 60_000 };
const roomy: PoolView = { size: 4, ejected: 0 };

/** Feeds checks one per interval from `start`, returning the final health and every transition. */
function run(h: InstanceHealth, outcomes: boolean[], start = 0, pool: PoolView = roomy, source: CheckResult['source'] = 'probe') {
  const transitions: Transition[] = [];
  let at = start;
  for (const ok of outcomes) {
    at += policy.intervalMs;
    const { next, transition } = applyCheck(h, { ok, at, source, reason: ok ? undefined : 'connection refused' }, policy, pool);
    h = next;
    if (transition) transitions.push(transition);
  }
  return { h, transitions, at };
}

const healthy = () => run(newInstanceHealth('i1', 'd1'), [true, true]).h;

describe('instance health state machine', () => {
  it('a starting instance becomes healthy at the success threshold, not before', () => {
    const one = run(newInstanceHealth('i1', 'd1'), [true]);
    assert.equal(one.h.state, 'starting');
    const two = run(newInstanceHealth('i1', 'd1'), [true, true]);
    assert.equal(two.h.state, 'healthy');
    assert.deepEqual(two.transitions.map((t) => [t.from, t.to]), [['starting', 'healthy']]);
  });

  it('ejects at exactly the third consecutive failure and says why', () => {
    const two = run(healthy(), [false, false]);
    assert.equal(two.h.state, 'healthy');
    assert.equal(two.h.consecutiveFailures, 2);
    const three = run(healthy(), [false, false, false]);
    assert.equal(three.h.state, 'ejected');
    assert.equal(three.transitions.length, 1);
    assert.match(three.transitions[0].reason, /3 consecutive failed checks: connection refused/);
  });

  it('a success in between resets the failure count', () => {
    const r = run(healthy(), [false, false, true, false, false]);
    assert.equal(r.h.state, 'healthy');
    assert.equal(r.h.consecutiveFailures, 2);
  });

  it('honours custom thresholds', () => {
    const strict = { ...policy, failureThreshold: 1, successThreshold: 4 };
    let h = newInstanceHealth('i', 'd');
    for (let i = 1; i <= 3; i++) h = applyCheck(h, { ok: true, at: i * 1000, source: 'probe' }, strict, roomy).next;
    assert.equal(h.state, 'starting');
    h = applyCheck(h, { ok: true, at: 4000, source: 'probe' }, strict, roomy).next;
    assert.equal(h.state, 'healthy');
    h = applyCheck(h, { ok: false, at: 5000, source: 'probe' }, strict, roomy).next;
    assert.equal(h.state, 'ejected');
  });

  it('keeps probing an ejected instance and re-adds it at the success threshold once the ejection time passed', () => {
    const ejected = run(healthy(), [false, false, false]);
    assert.equal(ejected.h.ejectedUntil, ejected.at + 1_000);
    const back = run(ejected.h, [true, true], ejected.at);
    assert.equal(back.h.state, 'healthy');
    assert.equal(back.h.ejectedUntil, undefined);
    assert.match(back.transitions[0].reason, /recovered/);
  });

  it('a failure while ejected restarts the success streak', () => {
    const ejected = run(healthy(), [false, false, false]);
    const r = run(ejected.h, [true, false, true], ejected.at);
    assert.equal(r.h.state, 'ejected');
    assert.equal(r.h.consecutiveSuccesses, 1);
  });

  it('backs off repeated ejections: each one lasts longer, up to the maximum', () => {
    assert.deepEqual([1, 2, 3, 4, 5, 10].map((n) => ejectionDuration(n, policy)), [1000, 2000, 4000, 8000, 8000, 8000]);
    let h = healthy();
    let at = 10_000;
    const durations: number[] = [];
    for (let round = 0; round < 4; round++) {
      const down = run(h, [false, false, false], at);
      durations.push((down.h.ejectedUntil ?? 0) - down.at);
      // recover: probe until healthy again
      let r = run(down.h, [true, true], down.at);
      while (r.h.state !== 'healthy') r = run(r.h, [true], r.at);
      h = r.h;
      at = r.at;
    }
    assert.deepEqual(durations, [1000, 2000, 4000, 8000]);
  });

  it('a long ejection holds the instance out even after enough successes, then re-adds it on the next success', () => {
    let h: InstanceHealth = { ...healthy(), ejections: 2 };
    const down = run(h, [false, false, false]);
    assert.equal(down.h.ejections, 3);
    assert.equal((down.h.ejectedUntil ?? 0) - down.at, 4_000);
    const early = run(down.h, [true, true, true], down.at);
    assert.equal(early.h.state, 'ejected', 'still inside the 4 s ejection');
    h = run(early.h, [true], early.at).h;
    assert.equal(h.state, 'healthy');
  });

  it('forgets one past ejection after a long healthy streak', () => {
    const h: InstanceHealth = { ...healthy(), ejections: 2, healthySince: 0 };
    const next = applyCheck(h, { ok: true, at: 60_000, source: 'probe' }, policy, roomy).next;
    assert.equal(next.ejections, 1);
    assert.equal(next.healthySince, 60_000);
    const notYet = applyCheck({ ...h }, { ok: true, at: 59_999, source: 'probe' }, policy, roomy).next;
    assert.equal(notYet.ejections, 2);
  });

  it('never ejects more than the allowed share of a pool, but always allows one', () => {
    assert.deepEqual([0, 1, 2, 3, 4, 5, 10].map((n) => ejectionAllowance(n, 0.5)), [0, 1, 1, 1, 2, 2, 5]);
    assert.equal(ejectionAllowance(10, 0), 1);
    assert.equal(ejectionAllowance(10, 1), 10);
    const capped = run(healthy(), [false, false, false], 0, { size: 3, ejected: 1 });
    assert.equal(capped.h.state, 'healthy');
    assert.equal(capped.h.capped, true);
    assert.match(capped.h.reason ?? '', /ejection cap of 50% reached/);
    assert.equal(capped.transitions.length, 0);
    // once room appears, the next failure ejects it
    const later = run(capped.h, [false], capped.at, { size: 3, ejected: 0 });
    assert.equal(later.h.state, 'ejected');
  });

  it('a single-instance pool can still eject its only instance', () => {
    const r = run(healthy(), [false, false, false], 0, { size: 1, ejected: 0 });
    assert.equal(r.h.state, 'ejected');
  });

  it('a starting instance that never answers is ejected', () => {
    const r = run(newInstanceHealth('i', 'd'), [false, false, false]);
    assert.deepEqual(r.transitions.map((t) => [t.from, t.to]), [['starting', 'ejected']]);
  });

  it('passive outcomes count like probes and record the last passive success', () => {
    const r = run(healthy(), [true], 100, roomy, 'passive');
    assert.equal(r.h.lastPassiveOk, r.at);
    const down = run(healthy(), [false, false, false], 100, roomy, 'passive');
    assert.equal(down.h.state, 'ejected');
  });

  it('does not mutate its input', () => {
    const h = healthy();
    const copy = structuredClone(h);
    applyCheck(h, { ok: false, at: 99_000, source: 'probe' }, policy, roomy);
    assert.deepEqual(h, copy);
  });
});

describe('probe scheduling', () => {
  it('waits for the interval, skips when real traffic proved the instance alive, probes otherwise', () => {
    const h: InstanceHealth = { ...healthy(), lastCheck: 10_000, lastProbe: 10_000, lastPassiveOk: undefined };
    assert.equal(probeDue(h, 10_500, policy), 'wait');
    assert.equal(probeDue(h, 11_000, policy), 'probe');
    assert.equal(probeDue({ ...h, lastPassiveOk: 10_800 }, 11_000, policy), 'skip');
    assert.equal(probeDue({ ...h, lastPassiveOk: 9_000 }, 11_000, policy), 'probe');
    assert.equal(probeDue({ ...h, lastPassiveOk: 10_800 }, 11_000, { ...policy, skipProbeWhenPassiveOk: false }), 'probe');
    assert.equal(probeDue({ ...h, state: 'ejected', lastPassiveOk: 10_900 }, 11_000, policy), 'probe');
    assert.equal(probeDue(newInstanceHealth('x', 'd'), 0, policy), 'probe');
  });

  it('passive checks do not postpone the probe of a failing instance', () => {
    let h: InstanceHealth = { ...healthy(), lastProbe: 10_000 };
    h = applyCheck(h, { ok: false, at: 10_900, source: 'passive', reason: 'HTTP 502' }, policy, roomy).next;
    assert.equal(h.lastProbe, 10_000);
    assert.equal(probeDue(h, 11_000, policy), 'probe');
  });
});

describe('policy from a deployment health check', () => {
  it('converts seconds and keeps sane minimums', () => {
    const p = policyFromHealthCheck({ intervalSeconds: 30, failureThreshold: 0, successThreshold: 5 });
    assert.equal(p.intervalMs, 30_000);
    assert.equal(p.baseEjectionMs, 30_000);
    assert.equal(p.failureThreshold, 1);
    assert.equal(p.successThreshold, 5);
    assert.equal(policyFromHealthCheck({ intervalSeconds: 0.01 }).intervalMs, 100);
    assert.equal(policyFromHealthCheck({}).failureThreshold, 3);
  });
});
