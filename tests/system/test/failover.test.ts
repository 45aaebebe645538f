import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { EngineSimState, SpawnedEngineSim } from '@switchyard/engine-sim';
import { sleep, waitFor } from '@switchyard/testing';
import { describeFailures, runLoad, type LoadResult } from './support/load.driver';
import { Platform } from './support/platform.harness';
import { CHAT_MODEL, DEPLOYMENT } from './support/world.seed';

interface InstanceView {
  instanceId: string;
  url: string;
  health?: { state: string; reason?: string } | null;
}

/** An engine dies under load: clients notice nothing, the health monitor ejects it; services restart without harm. */
describe('system: engine crashes and service restarts', () => {
  let platform: Platform;

  before(async () => {
    platform = await Platform.start({
      label: 'failover',
      simKnobs: { ttftMs: 15, itlMs: 2 },
      healthCheck: { path: '/health', intervalSeconds: 1, timeoutSeconds: 1, failureThreshold: 2, successThreshold: 1 },
    });
    if (platform.missing('scheduler', 'health-monitor', 'gateway')) return;
    await platform.waitServing(DEPLOYMENT);
  });

  after(async () => {
    await platform?.close();
  });

  const instances = async (): Promise<InstanceView[]> => {
    const res = await fetch(`${platform.url('health-monitor')}/api/v1/instances?deploymentId=${platform.world.deploymentId}`);
    assert.equal(res.status, 200);
    return ((await res.json()) as { data: InstanceView[] }).data;
  };
  const instanceOf = (list: InstanceView[], sim: SpawnedEngineSim) => list.find((i) => new URL(i.url).port === String(sim.port));
  const served = async (sim: SpawnedEngineSim) => ((await (await fetch(`${sim.controlUrl}/control`)).json()) as EngineSimState).stats.requestsServed;

  it('20 clients for ~12 s, one of three engines killed after 4 s: zero failed requests, the instance ejected', async (t) => {
    const missing = platform.missing('scheduler', 'health-monitor', 'gateway');
    if (missing) return t.todo(missing);
    const [victim, ...survivors] = platform.sims.deployment;
    await waitFor('all three instances healthy in the health monitor', async () => {
      const list = await instances();
      return list.length === 3 && list.every((i) => i.health?.state === 'healthy');
    }, { timeoutMs: 20_000, intervalMs: 250 });

    let done!: () => void;
    const finished = new Promise<void>((r) => (done = r));
    const load = runLoad({
      url: `${platform.gatewayBaseUrl}/chat/completions`,
      key: platform.world.apiKey,
      body: { model: DEPLOYMENT, messages: [{ role: 'user', content: 'keep going' }], max_tokens: 8 },
      concurrency: 20,
      until: finished,
    });
    await sleep(4_000);
    assert.ok((await served(victim)) > 0, 'the victim took its share before the crash');
    const killedAt = Date.now();
    const exit = await victim.kill('SIGKILL');
    assert.equal(exit.signal, 'SIGKILL');
    // Watch the health monitor while the load goes on.
    const ejection = waitFor('the health monitor to eject the killed instance', async () => {
      const view = instanceOf(await instances(), victim);
      return view?.health?.state === 'ejected' ? { view, afterMs: Date.now() - killedAt } : null;
    }, { timeoutMs: 15_000, intervalMs: 100 });
    ejection.catch(() => undefined);
    await sleep(8_000);
    const survivorsMid = await Promise.all(survivors.map(served));
    done();
    const result = await load;

    assert.equal(result.ok, result.sent, describeFailures(result));
    assert.ok(result.ok > 200, `expected real load, got ${result.ok} requests`);
    const survivorsAfter = await Promise.all(survivors.map(served));
    survivorsAfter.forEach((n, i) => assert.ok(n >= survivorsMid[i] && n > 0, 'the survivors keep serving'));

    const ejected = await ejection;
    t.diagnostic(`ejected ${ejected.afterMs} ms after the kill (${ejected.view.health?.reason ?? ''}); ${result.ok} requests, 0 failed`);
    // Probes every 1 s, 2 failures to eject: well within 5 s.
    assert.ok(ejected.afterMs < 5_000, `ejected only after ${ejected.afterMs} ms`);
    const list = await instances();
    for (const sim of survivors) assert.equal(instanceOf(list, sim)?.health?.state, 'healthy', 'the survivors stay in');
  });

  it('the engine comes back on its address: readmitted by the health monitor and served again', async (t) => {
    const missing = platform.missing('scheduler', 'health-monitor', 'gateway');
    if (missing) return t.todo(missing);
    const victim = platform.sims.deployment[0];
    const reborn = await platform.spawnSim({ model: CHAT_MODEL, ttftMs: 15, itlMs: 2 }, victim.port);
    const restartedAt = Date.now();
    await waitFor('the instance to be healthy again', async () => instanceOf(await instances(), reborn)?.health?.state === 'healthy', {
      timeoutMs: 20_000,
      intervalMs: 200,
    });
    t.diagnostic(`healthy again ${Date.now() - restartedAt} ms after the restart`);
    const result = await runLoad({
      url: `${platform.gatewayBaseUrl}/chat/completions`,
      key: platform.world.apiKey,
      body: { model: DEPLOYMENT, messages: [{ role: 'user', content: 'welcome back' }], max_tokens: 4 },
      concurrency: 6,
      total: 90,
    });
    assert.equal(result.ok, 90, describeFailures(result));
    assert.ok((await served(reborn)) > 0, 'the restarted engine takes traffic again');
  });

  const burst = (total: number) =>
    runLoad({
      url: `${platform.gatewayBaseUrl}/chat/completions`,
      key: platform.world.apiKey,
      body: { model: DEPLOYMENT, messages: [{ role: 'user', content: 'are you there?' }], max_tokens: 4 },
      concurrency: 5,
      total,
    });

  it('the data plane keeps serving while the registry is down, and after it comes back', async (t) => {
    const missing = platform.missing('registry', 'scheduler', 'gateway');
    if (missing) return t.todo(missing);
    let whileDown: LoadResult | undefined;
    await platform.restart('registry', async () => {
      whileDown = await burst(100);
    });
    assert.ok(whileDown);
    assert.equal(whileDown.ok, 100, describeFailures(whileDown));
    const afterwards = await burst(50);
    assert.equal(afterwards.ok, 50, describeFailures(afterwards));
    const login = await fetch(`${platform.url('registry')}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(platform.admin),
    });
    assert.equal(login.status, 200, 'the registry serves its API again');
  });

  it('a restarted gateway serves every request once /readyz says ready', async (t) => {
    const missing = platform.missing('registry', 'scheduler', 'gateway');
    if (missing) return t.todo(missing);
    await platform.restart('gateway');
    const result = await burst(100);
    assert.equal(result.ok, 100, describeFailures(result));
  });
});
