import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { DeploymentSnapshot } from '@switchyard/contracts';
import { waitFor } from '@switchyard/testing';
import { deployment } from './support/deployment.fixture';
import { SchedulerHarness } from './support/scheduler.harness';

describe('blue-green rollout: the new set comes up in full, traffic switches at once, the old set waits out the rollback window', () => {
  const h = new SchedulerHarness('21240-21259');
  const v1 = deployment('dep_bg', {
    replicas: 2,
    updateStrategy: 'blue-green',
    runtime: { driver: 'process', settings: { rollout: { rollbackWindowMs: 1_500, readyTimeoutMs: 30_000 } } },
  });
  const v2: DeploymentSnapshot = { ...v1, version: 'v2', specRevision: 2 };

  before(async () => {
    await h.setup();
    await h.startScheduler();
    await h.create(v1);
    await waitFor('2 active on revision 1', async () => (await h.members('dep_bg')).length === 2, { timeoutMs: 30_000 });
  });
  after(() => h.teardown());

  it('switches all at once and stops the old set after the window', async () => {
    await h.publish('DeploymentUpdated', 'dep_bg', { deploymentId: 'dep_bg', deployment: v2, changedFields: ['version'], restartRequired: true });
    // Never a mixed pool: either both old or both new serve.
    const seen = new Set<string>();
    await waitFor('switched to revision 2', async () => {
      const revs = (await h.members('dep_bg')).map((m) => m.revision).sort().join();
      seen.add(revs);
      return revs === '2,2';
    }, { timeoutMs: 30_000, intervalMs: 20 });
    assert.deepEqual([...seen].filter((r) => r !== '1,1' && r !== '2,2'), [], `pool states seen: ${[...seen].join(' | ')}`);
    await waitFor('RolloutCompleted', () => h.events('RolloutCompleted', 'dep_bg').length === 1, { timeoutMs: 15_000 });
    await waitFor('old set gone', async () => (await h.pools.get('dep_bg'))?.members.length === 2, { timeoutMs: 10_000 });
    assert.equal(h.events('InstanceRemoved', 'dep_bg').length, 2);
  });
});
