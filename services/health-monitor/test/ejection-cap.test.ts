import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startEngineSim, type EngineSimHandle } from '@switchyard/engine-sim';
import { sleep, waitFor } from '@switchyard/testing';
import { MonitorWorld } from './support/monitor-harness';

const INTERVAL = 250;

describe('ejection cap and passive signals (engine-sim, real NATS and Redis)', () => {
  const world = new MonitorWorld();
  const engines: EngineSimHandle[] = [];
  const ids = ['c0', 'c1', 'c2', 'c3'];

  before(async () => {
    await world.start();
    for (let i = 0; i < ids.length; i++) engines.push(await startEngineSim({ knobs: { model: 'sim' } }));
    await world.writePool('dep-cap', ids.map((instanceId, i) => ({ instanceId, url: engines[i].url })));
    await world.startMonitor({ PROBE_INTERVAL_MS: String(INTERVAL), SKIP_PROBE_WHEN_PASSIVE_OK: 'false', STATS_WINDOW_MS: '1000' });
    for (const id of ids) await world.waitForState(id, 'healthy', 5_000);
  });

  after(async () => {
    await world.close();
    await Promise.allSettled(engines.map((e) => e.close()));
  });

  it('ejects an instance on passive failures alone (detectedBy passive) and re-admits it through probes', async () => {
    for (let i = 0; i < 3; i++) world.outcome({ instanceId: 'c0', deploymentId: 'dep-cap', ok: false, status: 502, errorKind: 'status', latencyMs: 3, at: Date.now() });
    const event = await waitFor('passive InstanceUnhealthy', () => world.eventsOf('InstanceUnhealthy', 'c0')[0], { timeoutMs: 2_000 });
    if (event.type !== 'InstanceUnhealthy') return;
    assert.equal(event.data.detectedBy, 'passive');
    assert.match(event.data.reason, /HTTP 502/);
    await world.waitForState('c0', 'healthy', 3_000);
  });

  it('applies a burst of concurrent failure signals one after the other: one ejection, one event', async () => {
    const before = world.eventsOf('InstanceUnhealthy', 'c2').length;
    for (let i = 0; i < 300; i++) world.outcome({ instanceId: 'c2', ok: false, errorKind: 'reset', latencyMs: 1, at: Date.now() });
    const rec = await world.waitForState('c2', 'ejected', 2_000);
    await sleep(300);
    assert.equal(world.eventsOf('InstanceUnhealthy', 'c2').length - before, 1);
    assert.equal(rec.ejections, 1);
    await waitFor('c2 back', async () => ['healthy', 'degraded'].includes((await world.health.get('c2'))?.state ?? ''), { timeoutMs: 3_000 });
  });

  it('ignores 4xx/429 outcomes, hostile signals and outcomes for unknown instances', async () => {
    const before = await world.health.get('c1');
    for (let i = 0; i < 5; i++) world.outcome({ instanceId: 'c1', ok: false, status: 429, errorKind: 'status', latencyMs: 1, at: Date.now() });
    world.outcome({ instanceId: 'nope', ok: false, errorKind: 'connect', latencyMs: 1, at: Date.now() });
    world.outcome({ instanceId: 'c1', deploymentId: 'other-dep', ok: false, errorKind: 'connect', latencyMs: 1, at: Date.now() });
    const enc = new TextEncoder();
    for (const raw of ['not json', '[]', 'null', '{"instanceId":"c1","ok":"no"}', JSON.stringify({ instanceId: 'c1', ok: false, latencyMs: -5, at: 1 }), '{'.repeat(10_000)]) {
      world.rawOutcome(enc.encode(raw));
    }
    await sleep(300);
    const after = await world.health.get('c1');
    assert.equal(after?.state, 'healthy');
    assert.equal(after?.consecutiveFailures, 0);
    assert.equal(before?.ejections, after?.ejections);
    assert.equal(await world.health.get('nope'), undefined);
  });

  it('never ejects more than 50% of the pool when every instance fails, and keeps the rest in, saying why', async () => {
    for (const e of engines) await e.control({ health: 'fail' });
    await waitFor('two ejected', async () => (await world.health.forDeployment('dep-cap')).filter((r) => r.state === 'ejected').length === 2, { timeoutMs: 3_000 });
    await sleep(6 * INTERVAL);
    const records = await world.health.forDeployment('dep-cap');
    const ejected = records.filter((r) => r.state === 'ejected');
    const kept = records.filter((r) => r.state !== 'ejected');
    assert.equal(ejected.length, 2);
    assert.equal(kept.length, 2);
    for (const r of kept) {
      assert.ok(r.state === 'healthy' || r.state === 'degraded', r.state);
      assert.match(r.reason ?? '', /ejection cap of 50% reached/);
      assert.ok(r.consecutiveFailures >= 3);
    }
    // A recovered instance frees its slot, which a still-failing one then takes: the cap keeps holding.
    const recovering = ejected[0].instanceId;
    await engines[ids.indexOf(recovering)].control({ health: 'ok' });
    await waitFor('recovered', async () => ['healthy', 'degraded'].includes((await world.health.get(recovering))?.state ?? ''), { timeoutMs: 3_000 });
    await waitFor('a capped instance takes the freed slot', async () => {
      const now = await world.health.forDeployment('dep-cap');
      return now.filter((r) => r.state === 'ejected' && r.instanceId !== ejected[1].instanceId && r.instanceId !== recovering).length === 1;
    }, { timeoutMs: 3_000 });
    assert.equal((await world.health.forDeployment('dep-cap')).filter((r) => r.state === 'ejected').length, 2);
    for (const e of engines) await e.control({ health: 'ok' });
    // Back in the pool; degraded is possible for a while (their error rates differ over the window).
    await waitFor('all back in the pool', async () => (await world.health.forDeployment('dep-cap')).every((r) => r.state === 'healthy' || r.state === 'degraded'), { timeoutMs: 5_000 });
  });

  it('forgets an instance that leaves its pool', async () => {
    await world.writePool('dep-cap', ids.slice(0, 3).map((instanceId, i) => ({ instanceId, url: engines[i].url })));
    await waitFor('c3 record removed', async () => (await world.health.get('c3')) === undefined, { timeoutMs: 2_000 });
  });
});
