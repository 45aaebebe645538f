import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { DeploymentSnapshot } from '@switchyard/contracts';
import type { RunningService } from '@switchyard/service-kit';
import { waitFor } from '@switchyard/testing';
import { deployment } from './support/deployment.fixture';
import { SchedulerHarness } from './support/scheduler.harness';

interface RolloutBody { rollout: { id: string; status: string; fromRevision: number; toRevision: number } }

describe('rolling update persisted in PostgreSQL: survives a scheduler restart halfway; manual commands', () => {
  const h = new SchedulerHarness('21100-21149');
  let s: RunningService;
  const v1 = deployment('dep_r', {
    replicas: 2,
    updateStrategy: 'rolling',
    runtime: { driver: 'process', settings: { rollout: { maxSurge: 1, maxUnavailable: 0, readyTimeoutMs: 30_000 } } },
  });
  const next = (rev: number): DeploymentSnapshot => ({ ...v1, version: `v${rev}`, specRevision: rev });
  const update = (d: DeploymentSnapshot) => h.publish('DeploymentUpdated', d.id, { deploymentId: d.id, deployment: d, changedFields: ['version'], restartRequired: true });
  const revisions = async () => (await h.members('dep_r')).map((m) => m.revision).sort();
  const rollout = async (svc: RunningService) => (await fetch(`${svc.url}/api/v1/deployments/dep_r/rollout`)).json() as Promise<RolloutBody>;

  before(async () => {
    await h.setup();
    s = await h.startScheduler();
    await h.create(v1);
    await waitFor('2 active on revision 1', async () => (await revisions()).join() === '1,1', { timeoutMs: 30_000 });
  });
  after(() => h.teardown());

  it('answers 404 while no rollout exists, and refuses unknown commands and hostile ids', async () => {
    assert.equal((await fetch(`${s.url}/api/v1/deployments/dep_r/rollout`)).status, 404);
    assert.equal((await fetch(`${s.url}/api/v1/deployments/dep_r/rollout/explode`, { method: 'POST' })).status, 404);
    const hostile = await fetch(`${s.url}/api/v1/deployments/${encodeURIComponent("x'; DROP TABLE rollouts;--")}/rollout`);
    assert.equal(hostile.status, 400);
    assert.equal((await fetch(`${s.url}/api/v1/deployments/dep_r/rollout/pause`, { method: 'POST' })).status, 404);
  });

  it('resumes the same rollout after a restart halfway and completes it', async () => {
    await update(next(2));
    const started = await waitFor('RolloutStarted', () => h.events('RolloutStarted', 'dep_r')[0], { timeoutMs: 10_000 });
    await waitFor('halfway: one new instance serving beside an old one', async () => (await revisions()).join() === '1,2' || (await revisions()).join() === '1,1,2', { timeoutMs: 30_000, intervalMs: 10 });
    const row = await rollout(s);
    assert.equal(row.rollout.status, 'running');
    await h.stopScheduler(s);
    s = await h.startScheduler();
    await waitFor('RolloutCompleted', () => h.events('RolloutCompleted', 'dep_r').length === 1, { timeoutMs: 40_000 });
    assert.equal(h.events('RolloutStarted', 'dep_r').length, 1, 'resumed, not restarted');
    assert.equal(h.events('RolloutCompleted', 'dep_r')[0].data.rolloutId, started.data.rolloutId);
    await waitFor('2 active on revision 2', async () => (await revisions()).join() === '2,2', { timeoutMs: 20_000 });
    assert.equal((await rollout(s)).rollout.status, 'completed');
    assert.ok(h.events('RolloutProgressed', 'dep_r').length >= 1);
  });

  it('pauses, resumes and rolls back by hand; the old revision serves again', async () => {
    await update(next(3));
    await waitFor('rollout to 3 running', async () => (await rollout(s)).rollout.toRevision === 3);
    const paused = await fetch(`${s.url}/api/v1/deployments/dep_r/rollout/pause`, { method: 'POST' });
    assert.equal(paused.status, 200);
    assert.equal(((await paused.json()) as RolloutBody).rollout.status, 'paused');
    assert.equal((await fetch(`${s.url}/api/v1/deployments/dep_r/rollout/pause`, { method: 'POST' })).status, 409);
    assert.equal((await fetch(`${s.url}/api/v1/deployments/dep_r/rollout/resume`, { method: 'POST' })).status, 200);
    const back = await fetch(`${s.url}/api/v1/deployments/dep_r/rollout/rollback`, { method: 'POST' });
    assert.equal(back.status, 200);
    await waitFor('RolloutRolledBack', () => h.events('RolloutRolledBack', 'dep_r').length === 1, { timeoutMs: 30_000 });
    const rolledBack = h.events('RolloutRolledBack', 'dep_r')[0].data;
    assert.deepEqual([rolledBack.fromRevision, rolledBack.toRevision, rolledBack.automatic], [3, 2, false]);
    await waitFor('2 active on revision 2 again', async () => (await revisions()).join() === '2,2', { timeoutMs: 20_000 });
    await new Promise((r) => setTimeout(r, 1_000));
    assert.equal((await revisions()).join(), '2,2', 'the rolled-back revision is not retried');
  });
});
