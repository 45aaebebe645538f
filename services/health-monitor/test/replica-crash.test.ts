import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startEngineSim, type EngineSimHandle } from '@switchyard/engine-sim';
import { sleep } from '@switchyard/testing';
import { rendezvousOwner } from '../src/domain/rendezvous-hash';
import { CountingProxy } from './support/counting-proxy';
import { MonitorWorld } from './support/monitor-harness';

const INTERVAL = 250;
const GHOST = 'hm-ghost';
const LIVE = 'hm-live';

describe('a crashed replica (no goodbye) loses its instances within two intervals', () => {
  const world = new MonitorWorld();
  const engines: EngineSimHandle[] = [];
  const proxies: CountingProxy[] = [];
  const ids = Array.from({ length: 6 }, (_, i) => `g${i}`);

  before(async () => {
    await world.start();
    for (let i = 0; i < ids.length; i++) {
      engines.push(await startEngineSim({ knobs: { model: 'sim' } }));
      proxies.push(await new CountingProxy(engines[i].url).start());
    }
    await world.writePool('dep-ghost', ids.map((instanceId, i) => ({ instanceId, url: proxies[i].url })));
  });

  after(async () => {
    await world.close();
    await Promise.allSettled([...engines.map((e) => e.close()), ...proxies.map((p) => p.close())]);
  });

  it('takes over once the silent replica\'s heartbeats stop', async () => {
    // A replica that heartbeats but never probes: as seen from the others, exactly a replica that then crashes.
    const beat = async () => {
      const [s, us] = await world.redis.time();
      await world.redis.zadd(`${world.prefix}hm:replicas`, Number(s) * 1000 + Math.floor(Number(us) / 1000), GHOST);
    };
    await beat();
    const heart = setInterval(() => void beat(), 50);
    await world.startMonitor({ HEALTH_MONITOR_REPLICA_ID: LIVE, PROBE_INTERVAL_MS: String(INTERVAL) });
    const ofGhost = ids.filter((id) => rendezvousOwner(id, [GHOST, LIVE]) === GHOST);
    assert.ok(ofGhost.length > 0 && ofGhost.length < ids.length);
    await sleep(4 * INTERVAL);
    for (const id of ofGhost) assert.equal(proxies[ids.indexOf(id)].probes.length, 0, `${id} is the ghost's: not probed by the live replica`);
    clearInterval(heart);
    const crashedAt = Date.now();
    await sleep(3 * INTERVAL);
    for (const id of ofGhost) {
      const first = proxies[ids.indexOf(id)].probes[0];
      assert.ok(first !== undefined && first - crashedAt <= 2 * INTERVAL, `${id} taken over after ${first === undefined ? 'never' : first - crashedAt} ms`);
    }
    for (const id of ofGhost) await world.waitForState(id, 'healthy', 2_000);
  });
});
