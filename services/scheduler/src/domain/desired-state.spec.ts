import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createEnvelope, type DeploymentSnapshot, type EventPayloads, type EventType } from '@switchyard/contracts';
import { applyDeploymentEvent, fromSpec, mergeSnapshot, type DesiredDeployment } from './desired-state';

const spec = (extra: Partial<DeploymentSnapshot> = {}): DeploymentSnapshot =>
  ({ id: 'd1', workspaceId: 'w', status: 'running', replicas: 2, minReplicas: 1, maxReplicas: 5, specRevision: 1, autoscaling: { enabled: false }, ...extra }) as DeploymentSnapshot;
const env = <T extends EventType>(type: T, data: EventPayloads[T], version: number, source = 'registry', time = '2030-01-01T00:00:00.000Z') =>
  createEnvelope(type, data, { source, workspaceId: 'w', aggregateId: 'd1', aggregateVersion: version, time });

describe('desired state', () => {
  const created = applyDeploymentEvent(undefined, env('DeploymentCreated', { deploymentId: 'd1', deployment: spec() }, 1)) as DesiredDeployment;

  it('follows create, scale, stop, start and delete, dropping redeliveries and older events', () => {
    assert.equal(created.replicas, 2);
    assert.equal(created.lifecycle, 'running');
    const scaled = applyDeploymentEvent(created, env('DeploymentScaled', { deploymentId: 'd1', fromReplicas: 2, toReplicas: 4, reason: 'manual', detail: '' }, 2))!;
    assert.equal(scaled.replicas, 4);
    assert.equal(applyDeploymentEvent(scaled, env('DeploymentScaled', { deploymentId: 'd1', fromReplicas: 2, toReplicas: 4, reason: 'manual', detail: '' }, 2)), undefined, 'redelivery');
    assert.equal(applyDeploymentEvent(scaled, env('DeploymentStopped', { deploymentId: 'd1', reason: '', requestedBy: '' }, 1)), undefined, 'older');
    const stopped = applyDeploymentEvent(scaled, env('DeploymentStopped', { deploymentId: 'd1', reason: '', requestedBy: '' }, 3))!;
    assert.equal(stopped.lifecycle, 'stopped');
    const started = applyDeploymentEvent(stopped, env('DeploymentStarted', { deploymentId: 'd1', replicas: 0, requestedBy: '' }, 4))!;
    assert.deepEqual([started.lifecycle, started.replicas], ['running', 4], 'the previous configuration');
    assert.equal(applyDeploymentEvent(started, env('DeploymentDeleted', { deploymentId: 'd1', name: 'd', requestedBy: '' }, 5))!.lifecycle, 'deleted');
  });

  it('ignores its own DeploymentScaled and events for unknown deployments', () => {
    assert.equal(applyDeploymentEvent(created, env('DeploymentScaled', { deploymentId: 'd1', fromReplicas: 2, toReplicas: 3, reason: 'autoscale', detail: '' }, 9, 'scheduler')), undefined);
    assert.equal(applyDeploymentEvent(undefined, env('DeploymentStopped', { deploymentId: 'd1', reason: '', requestedBy: '' }, 9)), undefined);
  });

  it('keeps the auto-scaled count across unrelated updates, and recent revisions for rollbacks', () => {
    const auto = fromSpec(undefined, spec({ autoscaling: { enabled: true } as DeploymentSnapshot['autoscaling'] }), 't', true);
    const scaledUp = { ...auto, replicas: 4 };
    const updated = applyDeploymentEvent(scaledUp, env('DeploymentUpdated', { deploymentId: 'd1', deployment: spec({ specRevision: 2, autoscaling: { enabled: true } as DeploymentSnapshot['autoscaling'] }), changedFields: ['version'], restartRequired: true }, 2))!;
    assert.equal(updated.replicas, 4);
    assert.deepEqual(Object.keys(updated.revisions).sort(), ['1', '2']);
    let d = updated;
    for (let r = 3; r <= 6; r++) d = fromSpec(d, spec({ specRevision: r }), 't', false);
    assert.deepEqual(Object.keys(d.revisions).sort(), ['4', '5', '6']);
  });

  it('merges a snapshot: newer events win, vanished deployments are deleted', () => {
    const at = '2030-01-01T00:00:10.000Z';
    const newer = { ...created, deploymentId: 'd2', updatedAt: '2030-01-01T00:00:20.000Z' };
    const gone = { ...created, deploymentId: 'd3' };
    const changed = mergeSnapshot(new Map([['d1', created], ['d2', newer], ['d3', gone]]), [spec({ replicas: 3 }), spec({ id: 'd2', replicas: 9 })], at);
    assert.deepEqual(changed.map((c) => [c.deploymentId, c.lifecycle, c.replicas]), [['d1', 'running', 3], ['d3', 'deleted', 2]]);
  });
});
