import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { DeploymentSnapshot } from '@switchyard/contracts';
import type { PoolMemberRecord } from '@switchyard/pool-state';
import { waitFor } from '@switchyard/testing';
import { deployment } from './support/deployment.fixture';
import { SchedulerHarness } from './support/scheduler.harness';

describe('canary with an injected regression is rolled back automatically', () => {
  const h = new SchedulerHarness('21220-21239');
  const v1 = deployment('dep_c', {
    replicas: 2,
    updateStrategy: 'canary',
    runtime: { driver: 'process', settings: { rollout: { steps: [50, 100], bakeMs: 1_500, minRequests: 10, maxErrorRateIncrease: 0.1, readyTimeoutMs: 30_000 } } },
  });
  const v2: DeploymentSnapshot = { ...v1, version: 'v2', specRevision: 2 };

  before(async () => {
    await h.setup();
    await h.startScheduler();
    await h.create(v1);
    await waitFor('2 active', async () => (await h.members('dep_c')).length === 2, { timeoutMs: 30_000 });
  });
  after(() => h.teardown());

  /** A stand-in gateway: sends requests to the pool's active members and reports each outcome as a signal. */
  async function gatewayRound(members: PoolMemberRecord[]): Promise<void> {
    await Promise.all(
      members.map(async (m) => {
        const started = Date.now();
        const res = await fetch(`${m.url}/chat/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'sim-model', messages: [{ role: 'user', content: 'hi' }], max_tokens: 1 }),
        }).catch(() => undefined);
        await res?.arrayBuffer();
        h.signals!.signal('UpstreamOutcome', { instanceId: m.instanceId, deploymentId: 'dep_c', ok: !!res && res.status < 500, status: res?.status, latencyMs: Date.now() - started, at: Date.now() });
      }),
    );
  }

  it('starts the canary, sees its error rate regress against the baseline and rolls back', async () => {
    await h.publish('DeploymentUpdated', 'dep_c', { deploymentId: 'dep_c', deployment: v2, changedFields: ['version'], restartRequired: true });
    const canary = await waitFor('canary serving', async () => (await h.members('dep_c')).find((m) => m.revision === 2), { timeoutMs: 30_000 });
    assert.deepEqual((await h.pools.get('dep_c'))?.trafficSplit, { '1': 0.5, '2': 0.5 });
    // The regression: the new version fails every request.
    await fetch(canary.url.replace(/\/v1$/, '/control'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ errorRate: 1 }) });
    await waitFor('RolloutRolledBack', async () => {
      await gatewayRound(await h.members('dep_c'));
      return h.events('RolloutRolledBack', 'dep_c').length === 1;
    }, { timeoutMs: 30_000, intervalMs: 50 });
    const back = h.events('RolloutRolledBack', 'dep_c')[0].data;
    assert.equal(back.automatic, true);
    assert.match(back.reason, /error rate/);
    await waitFor('2 active on revision 1, no split', async () => {
      const pool = await h.pools.get('dep_c');
      return pool && !pool.trafficSplit && pool.members.length === 2 && pool.members.every((m) => m.revision === 1 && m.state === 'active');
    }, { timeoutMs: 20_000 });
  });
});
