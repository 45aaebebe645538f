import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { UpstreamOutcomeSignal } from '@switchyard/contracts';
import { TrafficWindow } from './traffic.window';

const outcome = (instanceId: string, at: number, ok: boolean, latencyMs: number): UpstreamOutcomeSignal => ({ instanceId, at, ok, latencyMs });

describe('TrafficWindow', () => {
  it('computes count, error rate and p95 since a time', () => {
    const w = new TrafficWindow();
    for (let i = 0; i < 100; i++) w.record(outcome('a', 1000 + i, i % 10 !== 0, i));
    w.record(outcome('b', 500, false, 9999));
    const m = w.metrics(['a', 'b'], 1000);
    assert.equal(m?.count, 100);
    assert.equal(m?.errorRate, 0.1);
    assert.equal(m?.p95Ms, 95);
    assert.equal(w.metrics(['zzz'], 0), undefined);
  });

  it('ignores malformed signals and bounds memory', () => {
    const w = new TrafficWindow();
    w.record({ instanceId: 5 } as unknown as UpstreamOutcomeSignal);
    w.record(outcome('a', Number.NaN, true, 1));
    for (let i = 0; i < 6_000; i++) w.record(outcome('a', i, true, 1));
    assert.equal(w.metrics(['a'], 0)?.count, 5_000);
  });
});
