import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startEngineSim, type EngineSimHandle } from '@switchyard/engine-sim';
import { sleep, waitFor } from '@switchyard/testing';
import { CountingProxy } from './support/counting-proxy';
import { MonitorWorld } from './support/monitor-harness';

const INTERVAL = 250;

describe('probes do not fight user traffic (engine-sim, real NATS and Redis)', () => {
  const world = new MonitorWorld();
  let engine: EngineSimHandle;
  let proxy: CountingProxy;

  before(async () => {
    await world.start();
    engine = await startEngineSim({ knobs: { model: 'sim' } });
    proxy = await new CountingProxy(engine.url).start();
    await world.writePool('dep-busy', [{ instanceId: 'b0', url: proxy.url }]);
    await world.startMonitor({ PROBE_INTERVAL_MS: String(INTERVAL), SKIP_PROBE_WHEN_PASSIVE_OK: 'true' });
    await world.waitForState('b0', 'healthy', 3_000);
  });

  after(async () => {
    await world.close();
    await engine.close();
    await proxy.close();
  });

  it('skips active probes while real traffic proves the instance alive, and probes again when it stops', async () => {
    const traffic = setInterval(() => world.outcome({ instanceId: 'b0', deploymentId: 'dep-busy', ok: true, status: 200, latencyMs: 30, at: Date.now() }), 50);
    await sleep(2 * INTERVAL);
    const from = Date.now();
    await sleep(8 * INTERVAL);
    const to = Date.now();
    clearInterval(traffic);
    assert.ok(proxy.between(from, to) <= 1, `${proxy.between(from, to)} probes during traffic`);
    const rec = await world.health.get('b0');
    assert.ok(Date.now() - Date.parse(rec!.lastHeartbeat!) < 1_000, 'passive successes are heartbeats');
    await waitFor('probes resume', () => proxy.between(to, Date.now()) >= 2, { timeoutMs: 3 * INTERVAL + 1_000 });
  });
});
