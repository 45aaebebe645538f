import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startEngineSim, type EngineSimHandle } from '@switchyard/engine-sim';
import { waitFor } from '@switchyard/testing';
import type { RunningService } from '@switchyard/service-kit';
import { MonitorWorld } from './support/monitor-harness';

const INTERVAL = 250;

describe('ejection and re-admission (engine-sim, real NATS and Redis)', () => {
  const world = new MonitorWorld();
  const engines: EngineSimHandle[] = [];
  let monitor: RunningService;
  const ids = ['e0', 'e1', 'e2', 'e3'];

  before(async () => {
    await world.start();
    for (let i = 0; i < ids.length; i++) engines.push(await startEngineSim({ knobs: { model: 'sim' } }));
    await world.writePool('dep-a', ids.map((instanceId, i) => ({ instanceId, url: engines[i].url })));
    monitor = await world.startMonitor({ PROBE_INTERVAL_MS: String(INTERVAL), HISTORY_LIMIT: '4' });
    for (const id of ids) await world.waitForState(id, 'healthy', 5_000);
  });

  after(async () => {
    await world.close();
    await Promise.allSettled(engines.map((e) => e.close()));
  });

  it('marks new instances healthy at the success threshold and records heartbeats and percentiles', async () => {
    const r = await waitFor('a record with percentiles', async () => {
      const rec = await world.health.get('e0');
      return rec?.p95Ms !== undefined && rec.lastHeartbeat ? rec : undefined;
    });
    assert.equal(r.deploymentId, 'dep-a');
    assert.equal(r.errorRate, 0);
    assert.ok(Date.now() - Date.parse(r.lastHeartbeat!) < 2_000);
  });

  it('ejects a crashed instance within 3 intervals + 1 s, with an InstanceUnhealthy event naming the reason', async () => {
    const t0 = Date.now();
    await engines[1].control({ crash: true });
    const rec = await world.waitForState('e1', 'ejected', 3 * INTERVAL + 1_000);
    assert.ok(Date.now() - t0 <= 3 * INTERVAL + 1_000, `took ${Date.now() - t0} ms`);
    assert.match(rec.reason ?? '', /3 consecutive failed checks: connection (refused|reset)/);
    const event = await waitFor('InstanceUnhealthy', () => world.eventsOf('InstanceUnhealthy', 'e1')[0]);
    assert.equal(event.type, 'InstanceUnhealthy');
    if (event.type !== 'InstanceUnhealthy') return;
    assert.equal(event.data.deploymentId, 'dep-a');
    assert.equal(event.data.detectedBy, 'active');
    assert.equal(event.data.consecutiveFailures, 3);
    assert.match(event.data.reason, /connection/);
    assert.ok(event.data.ejectedUntil);
    assert.equal(event.source, 'health-monitor');
    assert.equal(event.workspaceId, 'ws1');
    assert.ok(world.changes.some((c) => c.instanceId === 'e1' && c.state === 'ejected' && c.previousState === 'healthy'));
  });

  it('keeps probing the ejected instance and re-adds it at the success threshold (InstanceHealthy)', async () => {
    await engines[1].control({ crash: false });
    const t0 = Date.now();
    const rec = await world.waitForState('e1', 'healthy', 2 * INTERVAL + INTERVAL + 1_000);
    assert.ok(Date.now() - t0 <= 3 * INTERVAL + 1_000);
    assert.equal(rec.consecutiveFailures, 0);
    const event = await waitFor('InstanceHealthy', () => world.eventsOf('InstanceHealthy', 'e1').find((e) => e.type === 'InstanceHealthy' && e.data.previousState === 'ejected'));
    if (event.type !== 'InstanceHealthy') return;
    assert.ok(event.data.consecutiveSuccesses >= 2);
    const unhealthy = world.eventsOf('InstanceUnhealthy', 'e1')[0];
    assert.ok(event.aggregateVersion > unhealthy.aggregateVersion, 'aggregate versions increase');
  });

  it('ejects an instance that refuses connections, and one whose probe hangs (probe timeout)', async () => {
    await engines[2].control({ refuseConnections: true });
    await engines[3].control({ health: 'hang' });
    const t0 = Date.now();
    // The cap (50% of 4 = 2) allows both.
    const refused = await world.waitForState('e2', 'ejected', 3 * INTERVAL + 1_000);
    const hung = await world.waitForState('e3', 'ejected', 3 * INTERVAL + 1_000);
    assert.ok(Date.now() - t0 <= 3 * INTERVAL + 1_000);
    assert.match(refused.reason ?? '', /connection refused/);
    assert.match(hung.reason ?? '', /timeout after 200 ms/);
    await engines[2].control({ refuseConnections: false });
    await engines[3].control({ health: 'ok' });
    await world.waitForState('e2', 'healthy', 5_000);
    await world.waitForState('e3', 'healthy', 5_000);
  });

  it('backs off repeated ejections: the second ejection lasts longer', async () => {
    const ejectionMs = async () => {
      await engines[0].control({ health: 'fail' });
      const rec = await world.waitForState('e0', 'ejected', 3_000);
      const event = await waitFor('event', () => world.eventsOf('InstanceUnhealthy', 'e0').find((e) => e.type === 'InstanceUnhealthy' && e.data.ejectedUntil === rec.ejectedUntil));
      await engines[0].control({ health: 'ok' });
      await world.waitForState('e0', 'healthy', 5_000);
      return Date.parse(rec.ejectedUntil!) - Date.parse(event.time);
    };
    const first = await ejectionMs();
    const second = await ejectionMs();
    assert.ok(second >= 2 * first - 50, `first ${first} ms, second ${second} ms`);
    const rec = await world.health.get('e0');
    assert.ok(rec!.ejections >= 2);
  });

  it('serves state and a bounded transition history over REST, refusing bad ids', async () => {
    let res = await fetch(`${monitor.url}/api/v1/instances?deploymentId=dep-a`);
    assert.equal(res.status, 200);
    const list = (await res.json()) as { data: Array<{ instanceId: string; url: string; health: { state: string } | null }> };
    assert.deepEqual(list.data.map((v) => v.instanceId).sort(), ids);
    assert.ok(list.data.every((v) => v.health !== null && v.url.startsWith('http://')));
    res = await fetch(`${monitor.url}/api/v1/instances/e1`);
    assert.equal(res.status, 200);
    const one = (await res.json()) as { data: { state: string; history: Array<{ from: string; to: string; reason: string; version: number }> } };
    const moves = one.data.history.map((h) => `${h.from}->${h.to}`);
    assert.ok(moves.includes('healthy->ejected') && moves.includes('ejected->healthy'), moves.join(','));
    assert.ok(one.data.history[0].version > one.data.history[one.data.history.length - 1].version, 'newest first');
    res = await fetch(`${monitor.url}/api/v1/instances/e0`);
    const e0 = (await res.json()) as { data: { history: Array<{ to: string }> } };
    assert.equal(e0.data.history.length, 4, 'history is bounded (HISTORY_LIMIT)');
    res = await fetch(`${monitor.url}/api/v1/instances`);
    assert.equal(res.status, 200);
    for (const bad of ['/api/v1/instances/nope', `/api/v1/instances/${'x'.repeat(300)}`, '/api/v1/instances/a%20b', '/api/v1/instances?deploymentId=%3Cscript%3E', '/api/v1/instances?deploymentId=a&deploymentId=b']) {
      res = await fetch(`${monitor.url}${bad}`);
      assert.ok([400, 404, 414].includes(res.status), `${bad}: ${res.status}`);
      const text = await res.text();
      assert.ok(!text.includes('<script>'));
      if (res.status !== 414) assert.ok((JSON.parse(text) as { error: { code: string } }).error.code);
    }
  });

  it('answers /readyz with NATS and Redis up', async () => {
    const res = await fetch(`${monitor.url}/readyz`);
    assert.equal(res.status, 200);
    const body = (await res.json()) as { checks: Record<string, string> };
    assert.deepEqual(body.checks, { nats: 'up', redis: 'up' });
  });
});
