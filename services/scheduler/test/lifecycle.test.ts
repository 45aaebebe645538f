import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor } from '@switchyard/testing';
import { deployment } from './support/deployment.fixture';
import { SchedulerHarness } from './support/scheduler.harness';

const healthUrl = (url: string) => url.replace(/\/v1$/, '/health');
const alive = (url: string) => fetch(healthUrl(url)).then((r) => r.ok, () => false);

describe('scheduler service: create, scale 1 -> 3 -> 1, stop and start, delete (process driver, engine processes)', () => {
  const h = new SchedulerHarness('21000-21049');
  let baseUrl = '';

  before(async () => {
    await h.setup();
    h.snapshot.deployments = [deployment('dep_snap')];
    const s = await h.startScheduler();
    baseUrl = s.url;
  });
  after(() => h.teardown());

  it('boots ready, becomes the leader and runs the snapshot deployment', async () => {
    const ready = await fetch(`${baseUrl}/readyz`);
    assert.equal(ready.status, 200);
    assert.deepEqual((await ready.json() as { checks: Record<string, string> }).checks, { nats: 'up', redis: 'up', postgres: 'up' });
    const [m] = await waitFor('one member', async () => ((await h.members('dep_snap')).length === 1 ? h.members('dep_snap') : undefined), { timeoutMs: 30_000 });
    assert.ok(await alive(m.url));
    await waitFor('InstanceRegistered', () => h.events('InstanceRegistered', 'dep_snap').length === 1);
    const metrics = await (await fetch(`${baseUrl}/metrics`)).text();
    assert.match(metrics, /switchyard_scheduler_leader\{[^}]*\} 1/);
    assert.match(metrics, /switchyard_scheduler_instances_started_total\{[^}]*driver="process"[^}]*\} 1/);
  });

  it('creates from an event, then scales 1 -> 3 -> 1 (the scaled-down instances drained and stopped)', async () => {
    await h.create(deployment('dep_a'));
    await waitFor('1 active', async () => (await h.members('dep_a')).length === 1, { timeoutMs: 30_000 });
    await h.publish('DeploymentScaled', 'dep_a', { deploymentId: 'dep_a', fromReplicas: 1, toReplicas: 3, reason: 'manual', detail: 'test' });
    const three = await waitFor('3 active', async () => ((await h.members('dep_a')).length === 3 ? h.members('dep_a') : undefined), { timeoutMs: 30_000 });
    assert.equal(new Set(three.map((m) => m.url)).size, 3, 'each on its own port');
    await h.publish('DeploymentScaled', 'dep_a', { deploymentId: 'dep_a', fromReplicas: 3, toReplicas: 1, reason: 'manual', detail: 'test' });
    await waitFor('1 member left', async () => (await h.pools.get('dep_a'))?.members.length === 1, { timeoutMs: 20_000 });
    await waitFor('2 InstanceRemoved', () => h.events('InstanceRemoved', 'dep_a').length === 2);
    const kept = (await h.members('dep_a'))[0];
    const gone = three.filter((m) => m.instanceId !== kept.instanceId);
    for (const m of gone) assert.equal(await alive(m.url), false, `${m.instanceId} stopped`);
  });

  it('stops (pool stopped and empty, engines gone) and starts the previous configuration', async () => {
    const [before] = await h.members('dep_a');
    await h.publish('DeploymentStopped', 'dep_a', { deploymentId: 'dep_a', reason: 'test', requestedBy: 'u1' });
    await waitFor('stopped', async () => (await h.pools.get('dep_a'))?.status === 'stopped', { timeoutMs: 10_000 });
    assert.deepEqual((await h.pools.get('dep_a'))?.members, []);
    await waitFor('engine gone', async () => !(await alive(before.url)), { timeoutMs: 10_000 });
    await h.publish('DeploymentStarted', 'dep_a', { deploymentId: 'dep_a', replicas: 0, requestedBy: 'u1' });
    await waitFor('running again', async () => (await h.pools.get('dep_a'))?.status === 'running' && (await h.members('dep_a')).length === 1, { timeoutMs: 30_000 });
  });

  it('deletes: out of the pool at once, an in-flight request finishes, then the engine stops and the pool goes', async () => {
    const [m] = await h.members('dep_a');
    // A slow request in flight when the delete arrives.
    await fetch(m.url.replace(/\/v1$/, '/control'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ttftMs: 1500 }) });
    const inFlight = fetch(`${m.url}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'sim-model', messages: [{ role: 'user', content: 'hi' }], max_tokens: 2 }) });
    await new Promise((r) => setTimeout(r, 200));
    await h.publish('DeploymentDeleted', 'dep_a', { deploymentId: 'dep_a', name: 'dep_a', requestedBy: 'u1' });
    await waitFor('out of the pool', async () => {
      const pool = await h.pools.get('dep_a');
      return !pool || pool.members.length === 0;
    }, { timeoutMs: 5_000 });
    const res = await inFlight;
    assert.equal(res.status, 200, 'the in-flight request finished');
    await waitFor('pool record removed', async () => (await h.pools.get('dep_a')) === undefined, { timeoutMs: 15_000 });
    assert.equal(await alive(m.url), false);
  });

  it('ignores malformed and unknown deployment events without stopping', async () => {
    await h.publish('DeploymentScaled', 'dep_nope', { deploymentId: 'dep_nope', fromReplicas: 1, toReplicas: 99, reason: 'manual', detail: '' });
    await h.create(deployment('dep_bad', { runtime: { driver: 'process', settings: { args: [{ not: 'a string' }] } } }));
    await h.create(deployment('dep_ok'));
    await waitFor('dep_ok still served', async () => (await h.members('dep_ok')).length === 1, { timeoutMs: 30_000 });
    assert.equal(await h.pools.get('dep_nope'), undefined);
  });
});
