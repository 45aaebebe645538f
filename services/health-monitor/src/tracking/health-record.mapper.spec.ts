import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { InstanceHealthRecord } from '@switchyard/pool-state';
import { newInstanceHealth } from '../domain/instance-health.machine';
import { fromHealthRecord, toHealthRecord } from './health-record.mapper';

describe('health record mapping', () => {
  it('round-trips what a taking-over replica needs', () => {
    const h = { ...newInstanceHealth('i1', 'd1'), state: 'ejected' as const, consecutiveFailures: 4, ejections: 2, ejectedUntil: 5_000, lastCheck: 4_000, lastHeartbeat: 1_000, reason: 'timeout' };
    const record = toHealthRecord(h, { count: 3, errorRate: 0.6667, p50Ms: 1.234, p95Ms: 9.99, p99Ms: 10 }, 4_100);
    assert.equal(record.errorRate, 0.6667);
    assert.equal(record.p50Ms, 1.2);
    const back = fromHealthRecord(record, 'i1', 'd1');
    assert.equal(back.state, 'ejected');
    assert.equal(back.consecutiveFailures, 4);
    assert.equal(back.ejections, 2);
    assert.equal(back.ejectedUntil, 5_000);
    assert.equal(back.lastProbe, 4_000);
  });

  it('starts fresh from no record, another pool\'s record, or a corrupt one', () => {
    assert.equal(fromHealthRecord(undefined, 'i', 'd').state, 'starting');
    const other = toHealthRecord({ ...newInstanceHealth('i', 'other'), state: 'healthy' }, undefined, 0);
    assert.equal(fromHealthRecord(other, 'i', 'd').state, 'starting');
    const corrupt = { instanceId: 'i', deploymentId: 'd', state: 'exploded', consecutiveFailures: -3, consecutiveSuccesses: 1.5, ejections: NaN, updatedAt: 'never' } as unknown as InstanceHealthRecord;
    const h = fromHealthRecord(corrupt, 'i', 'd');
    assert.equal(h.state, 'starting');
    assert.equal(h.consecutiveFailures, 0);
    assert.equal(h.consecutiveSuccesses, 0);
    assert.equal(h.ejections, 0);
  });
});
