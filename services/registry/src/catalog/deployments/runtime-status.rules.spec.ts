import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { nextRuntimeStatus, type RuntimeSignal } from './runtime-status.rules';

const STATES = ['pending', 'deploying', 'running', 'updating', 'stopping', 'stopped', 'failed', 'deleting'];
const SIGNALS: RuntimeSignal[] = ['InstanceRegistered', 'RolloutStarted', 'RolloutCompleted', 'RolloutRolledBack'];

describe('nextRuntimeStatus', () => {
  it('makes a pending, deploying or failed deployment running at its first instance', () => {
    for (const s of ['pending', 'deploying', 'failed']) assert.equal(nextRuntimeStatus(s, 'InstanceRegistered'), 'running');
    assert.equal(nextRuntimeStatus('running', 'InstanceRegistered'), undefined);
  });

  it('marks a rollout as updating and returns to running when it ends either way', () => {
    assert.equal(nextRuntimeStatus('running', 'RolloutStarted'), 'updating');
    assert.equal(nextRuntimeStatus('updating', 'RolloutCompleted'), 'running');
    assert.equal(nextRuntimeStatus('updating', 'RolloutRolledBack'), 'running');
  });

  it('never revives a stopped, stopping or deleting deployment, whatever the scheduler says', () => {
    for (const s of ['stopped', 'stopping', 'deleting']) for (const sig of SIGNALS) assert.equal(nextRuntimeStatus(s, sig), undefined, `${s} ${sig}`);
  });

  it('answers for every state and signal without throwing', () => {
    for (const s of [...STATES, 'garbage']) for (const sig of SIGNALS) nextRuntimeStatus(s, sig);
  });
});
