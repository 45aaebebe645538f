import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startEngineSim, type EngineSimHandle } from '@switchyard/engine-sim';
import type { RunningService } from '@switchyard/service-kit';
import { sleep, waitFor } from '@switchyard/testing';
import { rendezvousOwner } from '../src/domain/rendezvous-hash';
import { CountingProxy } from './support/counting-proxy';
import { MonitorWorld } from './support/monitor-harness';

const INTERVAL = 250;
const A = 'hm-a';
const B = 'hm-b';

describe('two monitor replicas share the instances (engine-sim, real NATS and Redis)', () => {
  const world = new MonitorWorld();
  const engines: EngineSimHandle[] = [];
  const proxies: CountingProxy[] = [];
  const ids = Array.from({ length: 8 }, (_, i) => `r${i}`);
  let monitorA: RunningService;

  before(async () => {
    await world.start();
    for (let i = 0; i < ids.length; i++) {
      engines.push(await startEngineSim({ knobs: { model: 'sim' } }));
      proxies.push(await new CountingProxy(engines[i].url).start());
    }
    await world.writePool('dep-shard', ids.map((instanceId, i) => ({ instanceId, url: proxies[i].url })));
    monitorA = await world.startMonitor({ HEALTH_MONITOR_REPLICA_ID: A, PROBE_INTERVAL_MS: String(INTERVAL) });
    await world.startMonitor({ HEALTH_MONITOR_REPLICA_ID: B, PROBE_INTERVAL_MS: String(INTERVAL) });
    for (const id of ids) await world.waitForState(id, 'healthy', 5_000);
  });

  after(async () => {
    await world.close();
    await Promise.allSettled([...engines.map((e) => e.close()), ...proxies.map((p) => p.close())]);
  });

  it('splits the instances between the replicas and probes each once per interval, never twice', async () => {
    const owners = ids.map((id) => rendezvousOwner(id, [A, B]));
    assert.ok(owners.includes(A) && owners.includes(B), 'both replicas own instances');
    const start = Date.now();
    await sleep(10 * INTERVAL);
    const end = Date.now();
    for (const p of proxies) {
      const n = p.between(start, end);
      assert.ok(n >= 7 && n <= 11, `${p.url}: ${n} probes in 10 intervals`);
      const times = p.probes.filter((t) => t >= start && t < end);
      for (let i = 1; i < times.length; i++) assert.ok(times[i] - times[i - 1] >= INTERVAL * 0.8, `two probes ${times[i] - times[i - 1]} ms apart`);
    }
  });

  it('hands a stopped replica\'s instances to the other within two intervals', async () => {
    const ofA = ids.filter((id) => rendezvousOwner(id, [A, B]) === A);
    const stoppedAt = Date.now();
    await world.stopMonitor(monitorA);
    await sleep(4 * INTERVAL);
    for (const id of ofA) {
      const p = proxies[ids.indexOf(id)];
      const lastBefore = Math.max(...p.probes.filter((t) => t < stoppedAt));
      const firstAfter = p.probes.find((t) => t > stoppedAt);
      assert.ok(firstAfter !== undefined, `${id} probed again`);
      assert.ok(firstAfter - lastBefore <= 2 * INTERVAL + 100, `${id}: gap ${firstAfter - lastBefore} ms`);
    }
    // The survivor now ejects one of the former instances of the stopped replica.
    const victim = ofA[0];
    const t0 = Date.now();
    await engines[ids.indexOf(victim)].control({ crash: true });
    await world.waitForState(victim, 'ejected', 3 * INTERVAL + 1_000);
    assert.ok(Date.now() - t0 <= 3 * INTERVAL + 1_000);
    const history = await fetch(`${world.monitors[0].url}/api/v1/instances/${victim}`).then((r) => r.json() as Promise<{ data: { history: Array<{ to: string; replicaId: string }> } }>);
    assert.equal(history.data.history[0].to, 'ejected');
    assert.equal(history.data.history[0].replicaId, B);
    await engines[ids.indexOf(victim)].control({ crash: false });
    await world.waitForState(victim, 'healthy', 3_000);
  });

  it('keeps the ejection cap across replicas when every instance fails', async () => {
    const monitorC = await world.startMonitor({ HEALTH_MONITOR_REPLICA_ID: 'hm-c', PROBE_INTERVAL_MS: String(INTERVAL) });
    await sleep(3 * INTERVAL);
    for (const e of engines) await e.control({ health: 'fail' });
    await waitFor('4 ejected', async () => (await world.health.forDeployment('dep-shard')).filter((r) => r.state === 'ejected').length === 4, { timeoutMs: 4_000 });
    await sleep(6 * INTERVAL);
    // Every failing instance left in the pool says why (a loaded CI machine may need a few more probes).
    await waitFor('4 held back by the cap', async () => (await world.health.forDeployment('dep-shard')).filter((r) => /ejection cap/.test(r.reason ?? '')).length === 4, { timeoutMs: 4_000 });
    const records = await world.health.forDeployment('dep-shard');
    assert.equal(records.filter((r) => r.state === 'ejected').length, 4);
    assert.equal(records.filter((r) => /ejection cap/.test(r.reason ?? '')).length, 4);
    for (const e of engines) await e.control({ health: 'ok' });
    await world.stopMonitor(monitorC);
  });
});
