import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { planSteadyState, type PlannedInstance } from './steady-state.plan';

const inst = (id: string, extra: Partial<PlannedInstance> = {}): PlannedInstance => ({
  instanceId: id, revision: 1, phase: 'ready', member: 'active', orphan: false, startedAt: 0, ...extra,
});

describe('planSteadyState', () => {
  it('starts the missing replicas and activates ready ones', () => {
    const plan = planSteadyState({ status: 'running', replicas: 3, revision: 1, manages: true, instances: [inst('a'), inst('b', { member: undefined })] });
    assert.deepEqual(plan, { start: 1, activate: ['b'], retire: [], status: 'running' });
  });

  it('scales down not-ready and newest first', () => {
    const plan = planSteadyState({
      status: 'running', replicas: 1, revision: 1, manages: true,
      instances: [inst('old', { startedAt: 1 }), inst('new', { startedAt: 5 }), inst('boot', { phase: 'starting', member: undefined, startedAt: 2 })],
    });
    assert.equal(plan.start, 0);
    assert.deepEqual(plan.retire.sort(), ['boot', 'new']);
  });

  it('replaces failed instances and ignores stopping ones', () => {
    const plan = planSteadyState({
      status: 'running', replicas: 2, revision: 1, manages: true,
      instances: [inst('a'), inst('f', { phase: 'failed', member: undefined }), inst('s', { phase: 'stopping', member: 'draining' })],
    });
    assert.deepEqual(plan, { start: 1, activate: [], retire: ['f'], status: 'running' });
  });

  it('keeps the old endpoint serving until the new one is ready (rolling migration)', () => {
    const before = planSteadyState({
      status: 'running', replicas: 1, revision: 2, manages: false,
      instances: [inst('old', { orphan: true }), inst('new', { revision: 2, phase: 'starting', member: undefined })],
    });
    assert.deepEqual(before.retire, []);
    const after = planSteadyState({
      status: 'running', replicas: 1, revision: 2, manages: false,
      instances: [inst('old', { orphan: true }), inst('new', { revision: 2, member: undefined })],
    });
    assert.deepEqual(after.activate, ['new']);
    assert.deepEqual(after.retire, ['old']);
  });

  it('stops and deletes everything, at once', () => {
    const instances = [inst('a'), inst('b', { phase: 'starting', member: undefined }), inst('c', { phase: 'stopping' })];
    assert.deepEqual(planSteadyState({ status: 'stopped', replicas: 2, revision: 1, manages: true, instances }), { start: 0, activate: [], retire: ['a', 'b'], status: 'stopped' });
    assert.equal(planSteadyState({ status: 'deleted', replicas: 2, revision: 1, manages: true, instances }).status, 'deleted');
  });

  it('treats a negative replica count as zero', () => {
    const plan = planSteadyState({ status: 'running', replicas: -4, revision: 1, manages: true, instances: [inst('a')] });
    assert.deepEqual(plan.retire, ['a']);
    assert.equal(plan.start, 0);
  });
});
