import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_SCALING, decideScale, proposeReplicas, pruneHistory, type Recommendation, type ScalingPolicy } from './autoscaler';
import { DEFAULT_OVERFLOW, decideOverflow } from './overflow';

const policy: ScalingPolicy = { ...DEFAULT_SCALING, minReplicas: 1, maxReplicas: 6, targets: { inFlightPerInstance: 4, queueDepthPerInstance: 2, p95Ms: 1_000 } };

describe('target tracking proposals', () => {
  it('proposes ceil(current × observed / target) and takes the largest metric', () => {
    assert.deepEqual(proposeReplicas(2, { inFlightPerInstance: 8 }, policy), { replicas: 4, reason: 'in-flight per instance 8 vs target 4' });
    assert.equal(proposeReplicas(2, { inFlightPerInstance: 5, queueDepthPerInstance: 6 }, policy).replicas, 6);
    assert.match(proposeReplicas(2, { inFlightPerInstance: 5, queueDepthPerInstance: 6 }, policy).reason, /queue depth/);
    assert.equal(proposeReplicas(4, { inFlightPerInstance: 1 }, policy).replicas, 1);
  });

  it('ignores deviations inside the tolerance band, bad numbers and metrics without targets', () => {
    assert.equal(proposeReplicas(3, { inFlightPerInstance: 4.3 }, policy).replicas, 3);
    assert.equal(proposeReplicas(3, { inFlightPerInstance: Number.NaN }, policy).replicas, 3);
    assert.equal(proposeReplicas(3, { inFlightPerInstance: -5 }, policy).replicas, 3);
    assert.equal(proposeReplicas(3, { cpuPercent: 99 }, policy).replicas, 3);
    assert.equal(proposeReplicas(3, {}, policy).reason, 'no metric with a target');
  });

  it('scales from zero replicas as from one', () => {
    assert.equal(proposeReplicas(0, { inFlightPerInstance: 12 }, policy).replicas, 3);
  });
});

describe('scaling decisions', () => {
  const at = (now: number, current: number, inFlight: number, history: Recommendation[] = [], lastScaleAt?: number) =>
    decideScale({ now, current, metrics: { inFlightPerInstance: inFlight }, policy, history, lastScaleAt });

  it('scales up at once, by at most doubling per step, within max', () => {
    assert.equal(at(0, 1, 20).desired, 2);
    assert.equal(at(0, 2, 20).desired, 4);
    assert.equal(at(0, 4, 40).desired, 6);
    assert.match(at(0, 1, 20).reason, /scale up: in-flight per instance 20 vs target 4/);
  });

  it('holds during the cooldown', () => {
    const d = at(10_000, 2, 20, [], 0);
    assert.equal(d.desired, 2);
    assert.match(d.reason, /cooldown/);
    assert.equal(at(40_000, 2, 20, [], 0).desired, 4);
  });

  it('scales down only to the highest recommendation of the stabilisation window (no flapping)', () => {
    const history = [{ at: 100_000, replicas: 4 }, { at: 130_000, replicas: 2 }];
    const d = at(150_000, 4, 1, history);
    assert.equal(d.desired, 4, 'a recommendation of 4 is still inside the 60 s window');
    assert.match(d.reason, /held by stabilisation/);
    assert.equal(at(170_000, 4, 1, history).desired, 2);
    assert.equal(at(200_000, 4, 1, history).desired, 1);
  });

  it('never goes below min or above max, and moves inside the limits at once when they change', () => {
    assert.equal(at(0, 1, 0).desired, 1);
    const tight = { ...policy, minReplicas: 3, maxReplicas: 5 };
    assert.equal(decideScale({ now: 0, current: 1, metrics: {}, policy: tight, history: [], lastScaleAt: 0 }).desired, 3);
    assert.equal(decideScale({ now: 0, current: 9, metrics: {}, policy: tight, history: [] }).desired, 5);
  });

  it('a load ramp adds replicas step by step and the cooldown spaces them out', () => {
    let current = 1;
    let lastScaleAt: number | undefined;
    let history: Recommendation[] = [];
    const timeline: number[] = [];
    for (let now = 0; now <= 180_000; now += 5_000) {
      const load = Math.min(24, 1 + now / 5_000); // total in-flight requests grows
      const d = decideScale({ now, current, metrics: { inFlightPerInstance: load / current }, policy, history, lastScaleAt });
      history = pruneHistory([...history, { at: now, replicas: d.proposal }], now, policy);
      if (d.desired !== current) {
        current = d.desired;
        lastScaleAt = now;
        timeline.push(current);
      }
    }
    assert.deepEqual(timeline, [...timeline].sort((a, b) => a - b), 'only up during a ramp');
    assert.equal(current, 6);
    assert.ok(timeline.length >= 3);
  });

  it('prunes history older than the longest window', () => {
    assert.deepEqual(pruneHistory([{ at: 0, replicas: 1 }, { at: 50_000, replicas: 2 }], 100_000, policy), [{ at: 50_000, replicas: 2 }]);
  });
});

describe('overflow to SaaS', () => {
  const p = DEFAULT_OVERFLOW;
  it('shifts traffic step by step only at max replicas under pressure, up to the max share', () => {
    assert.equal(decideOverflow({ atMaxReplicas: false, queueDepthPerInstance: 50, currentShare: 0, policy: p }).share, 0);
    let share = 0;
    for (let i = 0; i < 10; i++) share = decideOverflow({ atMaxReplicas: true, queueDepthPerInstance: 20, currentShare: share, policy: p }).share;
    assert.equal(share, 0.5);
    assert.equal(decideOverflow({ atMaxReplicas: true, ttftP95Ms: 5_000, currentShare: 0, policy: p }).share, 0.1);
  });

  it('shifts it back once pressure is below the low marks, and holds in between (hysteresis)', () => {
    assert.equal(decideOverflow({ atMaxReplicas: true, queueDepthPerInstance: 5, ttftP95Ms: 1_000, currentShare: 0.3, policy: p }).share, 0.3);
    assert.equal(decideOverflow({ atMaxReplicas: true, queueDepthPerInstance: 1, ttftP95Ms: 100, currentShare: 0.3, policy: p }).share, 0.2);
    assert.equal(decideOverflow({ atMaxReplicas: true, queueDepthPerInstance: 0, ttftP95Ms: 0, currentShare: 0.05, policy: p }).share, 0);
    assert.equal(decideOverflow({ atMaxReplicas: false, currentShare: 0, policy: p }).reason, 'unchanged');
  });
});
