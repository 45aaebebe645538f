import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor } from '@switchyard/testing';
import { deployment } from './support/deployment.fixture';
import { SchedulerHarness } from './support/scheduler.harness';

const control = (url: string, knobs: object) =>
  fetch(url.replace(/\/v1$/, '/control'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(knobs) });

/** Keeps `concurrency` chat requests in flight against one instance until stopped. */
function load(url: string, concurrency: number): { stop: () => Promise<void> } {
  let on = true;
  const worker = async () => {
    while (on) {
      await fetch(`${url}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'sim-model', messages: [{ role: 'user', content: 'hi' }], max_tokens: 1 }),
      }).then((r) => r.arrayBuffer(), () => undefined);
    }
  };
  const workers = Array.from({ length: concurrency }, worker);
  return { stop: async () => { on = false; await Promise.all(workers); } };
}

describe('auto-scaling on engine queue depth, and overflow at max replicas (engine-sim, real metrics)', () => {
  const h = new SchedulerHarness('21150-21199');
  const autoscaling = { enabled: true, targetQueueDepth: 1, scaleUpCooldownSeconds: 1, scaleDownCooldownSeconds: 2 };

  before(async () => {
    await h.setup();
    await h.startScheduler({ AUTOSCALE_INTERVAL_MS: '300' });
  });
  after(() => h.teardown());

  it('adds replicas under a queue up to max, and removes them after the cooldown', async () => {
    await h.create(deployment('dep_as', { replicas: 1, minReplicas: 1, maxReplicas: 3, autoscaling }));
    const [first] = await waitFor('1 active', async () => ((await h.members('dep_as')).length === 1 ? h.members('dep_as') : undefined), { timeoutMs: 30_000 });
    assert.equal((await control(first.url, { maxConcurrency: 1, ttftMs: 200 })).status, 200);
    const traffic = load(first.url, 8);
    try {
      await waitFor('3 active (max)', async () => (await h.members('dep_as')).length === 3, { timeoutMs: 40_000 });
      const ups = h.events('DeploymentScaled', 'dep_as').filter((e) => e.data.toReplicas > e.data.fromReplicas);
      assert.ok(ups.length >= 1);
      assert.equal(ups[0].data.reason, 'autoscale');
      assert.match(ups[0].data.detail, /queue depth/);
      await new Promise((r) => setTimeout(r, 1_500));
      assert.equal((await h.members('dep_as')).length, 3, 'never beyond max');
    } finally {
      await traffic.stop();
    }
    await waitFor('back to 1 after the cooldown', async () => (await h.pools.get('dep_as'))?.members.length === 1, { timeoutMs: 30_000 });
    const last = h.events('DeploymentScaled', 'dep_as').at(-1);
    assert.equal(last?.data.toReplicas, 1);
    assert.equal(last?.data.reason, 'autoscale');
  });

  it('shifts a share of traffic to overflow at max replicas under pressure, and back when it is gone', async () => {
    await h.create(deployment('dep_of', {
      replicas: 1, minReplicas: 1, maxReplicas: 1, autoscaling,
      runtime: { driver: 'process', settings: { overflow: { queueDepthHigh: 2, queueDepthLow: 1, step: 0.25, maxShare: 0.5 } } },
    }));
    const [m] = await waitFor('1 active', async () => ((await h.members('dep_of')).length === 1 ? h.members('dep_of') : undefined), { timeoutMs: 30_000 });
    await control(m.url, { maxConcurrency: 1, ttftMs: 200 });
    const traffic = load(m.url, 8);
    try {
      await waitFor('overflow at max share', async () => (await h.pools.get('dep_of'))?.overflowShare === 0.5, { timeoutMs: 20_000 });
    } finally {
      await traffic.stop();
    }
    await waitFor('overflow back to 0', async () => !(await h.pools.get('dep_of'))?.overflowShare, { timeoutMs: 20_000 });
    assert.equal((await h.members('dep_of')).length, 1);
  });
});
