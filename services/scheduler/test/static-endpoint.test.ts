import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { getFreePort, waitFor } from '@switchyard/testing';
import { deployment } from './support/deployment.fixture';
import { EngineProcesses } from './support/engine-processes';
import { SchedulerHarness } from './support/scheduler.harness';

describe('static driver: replicas are the enabled endpoints; an endpoint change is a rolling migration', () => {
  const h = new SchedulerHarness('21210-21219');
  const engines = new EngineProcesses();
  let portA = 0;
  let portB = 0;
  const endpoint = (id: string, port: number, enabled = true) => ({ id, url: `http://127.0.0.1:${port}/v1`, weight: 100, priority: 'primary' as const, enabled });
  const spec = (eps: ReturnType<typeof endpoint>[], rev: number) => deployment('dep_s', { runtime: { driver: 'static', settings: {} }, endpoints: eps, specRevision: rev, replicas: 1 });

  before(async () => {
    [portA, portB] = [await getFreePort(), await getFreePort()];
    await h.setup();
    await engines.start(portA);
    await h.startScheduler();
  });
  after(async () => {
    await h.teardown();
    await engines.stopAll();
  });

  it('puts the enabled, answering endpoints in the pool (a disabled one stays out)', async () => {
    await h.create(spec([endpoint('ep_a', portA), endpoint('ep_off', portB, false)], 1));
    const members = await waitFor('ep_a active', async () => ((await h.members('dep_s')).length === 1 ? h.members('dep_s') : undefined), { timeoutMs: 10_000 });
    assert.deepEqual(members.map((m) => m.instanceId), ['ep_a']);
  });

  it('keeps the old endpoint serving until the new one answers, then drains it', async () => {
    const d = spec([endpoint('ep_b', portB)], 2);
    await h.publish('DeploymentUpdated', 'dep_s', { deploymentId: 'dep_s', deployment: d, changedFields: ['endpoints'], restartRequired: false });
    await new Promise((r) => setTimeout(r, 1_000));
    assert.deepEqual((await h.members('dep_s')).map((m) => m.instanceId), ['ep_a'], 'the new endpoint does not answer yet: the old one keeps serving');
    await engines.start(portB);
    await waitFor('only ep_b left', async () => ((await h.pools.get('dep_s'))?.members ?? []).map((m) => m.instanceId).join() === 'ep_b', { timeoutMs: 15_000 });
    await waitFor('InstanceRemoved ep_a', () => h.events('InstanceRemoved', 'dep_s').some((e) => e.data.instanceId === 'ep_a'));
    assert.ok(h.events('InstanceRegistered', 'dep_s').some((e) => e.data.instanceId === 'ep_b' && e.data.driver === 'static'));
  });
});
