import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startEngineSim, type EngineSimHandle } from '@switchyard/engine-sim';
import type { RunningService } from '@switchyard/service-kit';
import { waitFor } from '@switchyard/testing';
import { MonitorWorld } from './support/monitor-harness';

describe('degradation of outliers (engine-sim, real NATS and Redis)', () => {
  const world = new MonitorWorld();
  const engines: EngineSimHandle[] = [];
  const ids = ['s0', 's1', 's2'];
  let monitor: RunningService;

  before(async () => {
    await world.start();
    for (let i = 0; i < ids.length; i++) engines.push(await startEngineSim({ knobs: { model: 'sim', healthDelayMs: 120 } }));
    await world.writePool('dep-slow', ids.map((instanceId, i) => ({ instanceId, url: engines[i].url })));
    monitor = await world.startMonitor({
      PROBE_INTERVAL_MS: '200',
      PROBE_TIMEOUT_MS: '190',
      DEGRADED_MIN_SAMPLES: '4',
      STATS_WINDOW_MS: '1500',
      DEGRADATION_EVAL_MS: '150',
      DEGRADED_WEIGHT_FACTOR: '0.25',
    });
    for (const id of ids) await world.waitForState(id, 'healthy', 5_000);
  });

  after(async () => {
    await world.close();
    await Promise.allSettled(engines.map((e) => e.close()));
  });

  it('marks a slow instance Degraded (not ejected) with its p95, lowers its weight, and recovers it', async () => {
    await engines[1].control({ health: 'slow' });
    const rec = await world.waitForState('s1', 'degraded', 5_000);
    assert.match(rec.reason ?? '', /outlier: p95 \d+ ms vs peers' \d+ ms/);
    const event = await waitFor('InstanceDegraded', () => world.eventsOf('InstanceDegraded', 's1')[0]);
    if (event.type !== 'InstanceDegraded') return;
    assert.ok((event.data.p95Ms ?? 0) >= 100, `p95 ${event.data.p95Ms}`);
    assert.equal(event.data.deploymentId, 'dep-slow');
    const res = await fetch(`${monitor.url}/api/v1/instances?deploymentId=dep-slow`);
    const views = ((await res.json()) as { data: Array<{ instanceId: string; weight: number; effectiveWeight: number }> }).data;
    assert.deepEqual(views.find((v) => v.instanceId === 's1'), { ...views.find((v) => v.instanceId === 's1'), weight: 100, effectiveWeight: 25 });
    assert.equal(views.find((v) => v.instanceId === 's0')?.effectiveWeight, 100);
    for (const id of ['s0', 's2']) assert.equal((await world.health.get(id))?.state, 'healthy');

    await engines[1].control({ health: 'ok' });
    await world.waitForState('s1', 'healthy', 5_000);
    const healthy = await waitFor('InstanceHealthy after degraded', () =>
      world.eventsOf('InstanceHealthy', 's1').find((e) => e.type === 'InstanceHealthy' && e.data.previousState === 'degraded'),
    );
    assert.ok(healthy.aggregateVersion > event.aggregateVersion);
  });

  it('does not degrade a pool that is slow as a whole', async () => {
    await Promise.all(engines.map((e) => e.control({ health: 'slow' })));
    // Counted once every instance's stats window (1.5 s) holds only slow probes: while the windows still mix the
    // switch-over, whichever engine turned slow first can look like an outlier for a moment (a loaded CI run saw it).
    await new Promise((r) => setTimeout(r, 1_700));
    const start = world.eventsOf('InstanceDegraded').length;
    await new Promise((r) => setTimeout(r, 2_000));
    assert.equal(world.eventsOf('InstanceDegraded').length, start);
    for (const e of engines) await e.control({ health: 'ok' });
  });
});
