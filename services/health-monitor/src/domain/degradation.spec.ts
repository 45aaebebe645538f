import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_POLICY } from './health-policy';
import { applyDegradation, evaluateDegradation, type PeerStats } from './degradation';
import { newInstanceHealth } from './instance-health.machine';
import { LatencyWindow, percentile } from './latency-window';

const stats = (p95Ms: number, errorRate = 0, count = 50) => ({ count, errorRate, p50Ms: p95Ms / 2, p95Ms, p99Ms: p95Ms });
const peer = (id: string, p95: number, errorRate = 0, degraded = false, count = 50): PeerStats => ({ instanceId: id, stats: stats(p95, errorRate, count), degraded });

describe('degradation (outliers against peers)', () => {
  it('marks an instance whose p95 is far above its peers', () => {
    const r = evaluateDegradation([peer('a', 100), peer('b', 110), peer('slow', 900)], DEFAULT_POLICY);
    assert.equal(r.get('slow')?.degraded, true);
    assert.match(r.get('slow')?.reason ?? '', /p95 900 ms vs peers' 105 ms/);
    assert.equal(r.get('a')?.degraded, false);
    assert.equal(r.get('b')?.degraded, false);
  });

  it('does not mark anyone when the whole pool is slow', () => {
    const r = evaluateDegradation([peer('a', 900), peer('b', 950), peer('c', 1000)], DEFAULT_POLICY);
    assert.ok([...r.values()].every((v) => !v.degraded));
  });

  it('ignores small absolute gaps on fast pools', () => {
    const r = evaluateDegradation([peer('a', 2), peer('b', 2), peer('c', 20)], DEFAULT_POLICY);
    assert.equal(r.get('c')?.degraded, false, '10x but only 18 ms slower');
  });

  it('marks an instance with an error rate well above its peers', () => {
    const r = evaluateDegradation([peer('a', 100, 0.01), peer('b', 100, 0.02), peer('bad', 100, 0.4)], DEFAULT_POLICY);
    assert.equal(r.get('bad')?.degraded, true);
    assert.match(r.get('bad')?.reason ?? '', /error rate 40.0%/);
  });

  it('needs enough samples and at least one judged peer', () => {
    assert.equal(evaluateDegradation([peer('a', 100), peer('slow', 900, 0, false, 3)], DEFAULT_POLICY).get('slow')?.degraded, false);
    assert.equal(evaluateDegradation([peer('alone', 900)], DEFAULT_POLICY).get('alone')?.degraded, false);
  });

  it('recovers with hysteresis: a degraded instance stays degraded just under the threshold', () => {
    // threshold 3x; recovery needs < 2.25x
    const still = evaluateDegradation([peer('a', 100), peer('b', 100), peer('x', 280, 0, true)], DEFAULT_POLICY);
    assert.equal(still.get('x')?.degraded, true);
    const fresh = evaluateDegradation([peer('a', 100), peer('b', 100), peer('x', 280, 0, false)], DEFAULT_POLICY);
    assert.equal(fresh.get('x')?.degraded, false);
    const recovered = evaluateDegradation([peer('a', 100), peer('b', 100), peer('x', 200, 0, true)], DEFAULT_POLICY);
    assert.equal(recovered.get('x')?.degraded, false);
  });
});

describe('latency window', () => {
  it('computes nearest-rank percentiles and the error rate over the window', () => {
    const w = new LatencyWindow(10_000);
    for (let i = 1; i <= 100; i++) w.add({ at: 1000 + i, ok: true, latencyMs: i });
    for (let i = 0; i < 25; i++) w.add({ at: 2000, ok: false, latencyMs: 5000 });
    const s = w.stats(2000);
    assert.equal(s.count, 125);
    assert.equal(s.errorRate, 0.2);
    assert.equal(s.p50Ms, 50);
    assert.equal(s.p95Ms, 95);
    assert.equal(s.p99Ms, 99);
  });

  it('drops samples older than the window and bounds the count', () => {
    const w = new LatencyWindow(1_000, 10);
    for (let i = 0; i < 50; i++) w.add({ at: i, ok: true, latencyMs: i });
    assert.equal(w.stats(49).count, 10);
    assert.equal(w.stats(5_000).count, 0);
    assert.deepEqual(w.stats(5_000), { count: 0, errorRate: 0 });
  });

  it('percentile edge cases', () => {
    assert.equal(percentile([], 0.5), undefined);
    assert.equal(percentile([7], 0.99), 7);
    assert.equal(percentile([1, 2], 0), 1);
    assert.equal(percentile([1, 2], 1), 2);
  });
});

describe('applyDegradation', () => {
  const base = { ...newInstanceHealth('i1', 'd1'), state: 'healthy' as const };
  it('moves healthy to degraded and back, with reasons', () => {
    const down = applyDegradation(base, { degraded: true, reason: 'p95 900 ms vs peers\' 20 ms' }, 5);
    assert.equal(down.next.state, 'degraded');
    assert.match(down.transition!.reason, /outlier: p95 900 ms/);
    const up = applyDegradation(down.next, { degraded: false }, 9);
    assert.equal(up.next.state, 'healthy');
    assert.deepEqual([up.transition?.from, up.transition?.to, up.transition?.at], ['degraded', 'healthy', 9]);
  });
  it('never touches ejected or starting instances, nor repeats a state', () => {
    for (const state of ['ejected', 'starting'] as const) {
      assert.equal(applyDegradation({ ...base, state }, { degraded: true }, 1).transition, undefined);
    }
    assert.equal(applyDegradation(base, { degraded: false }, 1).transition, undefined);
  });
});
