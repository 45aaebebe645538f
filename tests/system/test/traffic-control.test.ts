import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { EngineSimState, SpawnedEngineSim } from '@switchyard/engine-sim';
import { sleep, waitFor } from '@switchyard/testing';
import { describeFailures, runLoad } from './support/load.driver';
import { Platform } from './support/platform.harness';
import { CHAT_MODEL, DEPLOYMENT, PROVIDER, ROUTE } from './support/world.seed';

const received = async (sim: SpawnedEngineSim) => ((await (await fetch(`${sim.controlUrl}/control`)).json()) as EngineSimState).stats.requestsReceived;

/** What operators do in the registry and what clients of the gateway see: weights, revocation, stop. */
describe('system: weighted routes, key revocation and stopping a deployment', () => {
  let platform: Platform;

  before(async () => {
    platform = await Platform.start({ label: 'traffic' });
    if (platform.missing('scheduler', 'gateway')) return;
    await platform.waitServing(DEPLOYMENT);
    await platform.waitServing(ROUTE);
  });

  after(async () => {
    await platform?.close();
  });

  const w = () => `/api/v1/workspaces/${platform.world.workspaceId}`;
  const deploymentTotal = async () => (await Promise.all(platform.sims.deployment.map(received))).reduce((a, b) => a + b, 0);

  it('the weighted route (200 deployment / 100 provider) splits 600 requests about 2/3 : 1/3', async (t) => {
    const missing = platform.missing('scheduler', 'gateway');
    if (missing) return t.todo(missing);
    const deploymentBefore = await deploymentTotal();
    const providerBefore = await received(platform.sims.provider);
    const result = await runLoad({
      url: `${platform.gatewayBaseUrl}/chat/completions`,
      key: platform.world.apiKey,
      body: { model: ROUTE, messages: [{ role: 'user', content: 'split me' }], max_tokens: 4 },
      concurrency: 10,
      total: 600,
    });
    assert.equal(result.ok, 600, describeFailures(result));
    const toDeployment = (await deploymentTotal()) - deploymentBefore;
    const toProvider = (await received(platform.sims.provider)) - providerBefore;
    assert.equal(toDeployment + toProvider, 600, `every request reached exactly one engine (${toDeployment} + ${toProvider})`);
    // A weighted random choice gives a standard deviation of sqrt(600 * 2/3 * 1/3) ≈ 11.5 requests (1.9 %):
    // ±6 % is over 3 standard deviations; a smooth weighted round robin lands within a request or two.
    const share = toDeployment / 600;
    t.diagnostic(`deployment ${toDeployment}, provider ${toProvider} (share ${share.toFixed(3)})`);
    assert.ok(Math.abs(share - 2 / 3) <= 0.06, `deployment share ${share.toFixed(3)}, expected 0.667 ± 0.06`);
    const perInstance = await Promise.all(platform.sims.deployment.map(received));
    assert.ok(perInstance.every((n) => n > 0), `every instance took part: ${perInstance.join(', ')}`);
  });

  it('deleting a deployment under load: out of the pool at once, in-flight requests finish, zero failed requests', async (t) => {
    const missing = platform.missing('scheduler', 'gateway');
    if (missing) return t.todo(missing);
    const doomedSim = await platform.spawnSim({ model: CHAT_MODEL, ttftMs: 20, itlMs: 2 });
    const doomed = await platform.registry.post<{ id: string }>(`${w()}/deployments`, {
      name: 'doomed',
      modelId: CHAT_MODEL,
      modelVersion: 'v1',
      resources: { cpuCores: 1, memoryGb: 1, gpuCount: 0 },
      minReplicas: 1,
      maxReplicas: 1,
      runtime: { driver: 'static', settings: {} },
      endpoints: [{ url: `${doomedSim.url}/v1`, weight: 100, priority: 'primary' }],
      createRoute: false,
    });
    await platform.registry.post(`${w()}/routes`, {
      name: 'two-deployments',
      targets: [
        { kind: 'deployment', deploymentId: platform.world.deploymentId, weight: 100 },
        { kind: 'deployment', deploymentId: doomed.id, weight: 100 },
      ],
    });
    await platform.waitServing('two-deployments');
    await waitFor('the doomed deployment takes traffic', async () => {
      await drain(platform.chat({ model: 'two-deployments', max_tokens: 2 }));
      return (await received(doomedSim)) > 0;
    }, { timeoutMs: 20_000, intervalMs: 100 });

    let deleted = false;
    const deletion = sleep(1_500).then(async () => {
      await platform.registry.call('DELETE', `${w()}/deployments/${doomed.id}`);
      deleted = true;
    });
    const result = await runLoad({
      url: `${platform.gatewayBaseUrl}/chat/completions`,
      key: platform.world.apiKey,
      body: { model: 'two-deployments', messages: [{ role: 'user', content: 'delete under me' }], max_tokens: 16 },
      concurrency: 10,
      until: deletion.then(() => sleep(2_000)),
    });
    assert.ok(deleted);
    assert.ok(result.ok > 100, `enough load: ${result.ok}`);
    assert.equal(result.ok, result.sent, describeFailures(result));
    // Out of the pool: once the deletion is known, the doomed engine gets nothing new.
    await sleep(500);
    const settled = await received(doomedSim);
    await runLoad({
      url: `${platform.gatewayBaseUrl}/chat/completions`,
      key: platform.world.apiKey,
      body: { model: 'two-deployments', messages: [{ role: 'user', content: 'after' }], max_tokens: 2 },
      concurrency: 4,
      total: 100,
    });
    assert.equal(await received(doomedSim), settled, 'no request reached the deleted deployment');
  });

  it('a revoked API key gets 401 from the gateway within 1 s', async (t) => {
    const missing = platform.missing('gateway');
    if (missing) return t.todo(missing);
    const key = await platform.registry.post<{ id: string; key: string }>(`${w()}/api-keys`, { name: 'to be revoked' });
    await waitFor('the new key to work', async () => (await drain(platform.chat({ model: ROUTE }, key.key))) === 200, { timeoutMs: 10_000, intervalMs: 100 });
    await platform.registry.post(`${w()}/api-keys/${key.id}/revoke`, { reason: 'system test' });
    const revokedAt = Date.now();
    const firstRefusal = await waitFor('a 401 for the revoked key', async () => {
      const res = await platform.chat({ model: ROUTE }, key.key);
      const body = await res.text();
      return res.status === 401 ? { at: Date.now(), body } : null;
    }, { timeoutMs: 5_000, intervalMs: 20 });
    const lag = firstRefusal.at - revokedAt;
    t.diagnostic(`401 ${lag} ms after the revocation answered`);
    assert.ok(lag <= 1_000, `the revoked key still worked for ${lag} ms`);
    assert.match(firstRefusal.body, /"invalid_api_key"|"authentication_error"/);
    assert.ok(!firstRefusal.body.includes(key.key), 'the key is not echoed');
    assert.equal(await drain(platform.chat({ model: ROUTE })), 200, 'other keys of the workspace still work');
  });

  it('a key limited to 5 requests per minute gets 429 with Retry-After beyond that', async (t) => {
    const missing = platform.missing('gateway');
    if (missing) return t.todo(missing);
    const key = await platform.registry.post<{ id: string; key: string }>(`${w()}/api-keys`, { name: 'five a minute', rpmLimit: 5 });
    await waitFor('the new key to work', async () => (await drain(platform.chat({ model: ROUTE }, key.key))) === 200, { timeoutMs: 10_000, intervalMs: 100 });
    let ok = 1;
    const refusals: Response[] = [];
    for (let i = 0; i < 10; i++) {
      const res = await platform.chat({ model: ROUTE }, key.key);
      if (res.status === 200) {
        ok++;
        await res.arrayBuffer();
      } else refusals.push(res);
    }
    assert.ok(ok <= 5, `${ok} requests passed a limit of 5 per minute`);
    assert.ok(refusals.length >= 6, `${refusals.length} refusals`);
    for (const res of refusals) {
      assert.equal(res.status, 429);
      assert.ok(Number(res.headers.get('retry-after')) >= 1, 'Retry-After in seconds');
      assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'requests_per_minute_exceeded');
    }
    assert.equal(await drain(platform.chat({ model: ROUTE })), 200, 'other keys are not limited');
  });

  it(
    'a new deployment serves within 2 s of its creation (endpoints already answer)',
    async (t) => {
      const missing = platform.missing('scheduler', 'health-monitor', 'gateway');
      if (missing) return t.todo(missing);
      const createdAt = Date.now();
      await platform.registry.post(`${w()}/deployments`, {
        name: 'fresh',
        modelId: CHAT_MODEL,
        modelVersion: 'v1',
        resources: { cpuCores: 1, memoryGb: 1, gpuCount: 0 },
        minReplicas: 1,
        maxReplicas: 1,
        healthCheck: { path: '/health', intervalSeconds: 5, timeoutSeconds: 2, failureThreshold: 3, successThreshold: 2 },
        runtime: { driver: 'static', settings: {} },
        endpoints: [{ url: `${platform.sims.deployment[0].url}/v1`, weight: 100, priority: 'primary' }],
        createRoute: true,
      });
      await platform.waitServing('fresh', 20_000);
      const lag = Date.now() - createdAt;
      t.diagnostic(`the new deployment served ${lag} ms after its creation`);
      assert.ok(lag <= 2_000, `first 200 only after ${lag} ms`);
    },
  );

  it('stopping the deployment: 503 naming it, the weighted route falls back to the provider, start brings it back', async (t) => {
    const missing = platform.missing('scheduler', 'gateway');
    if (missing) return t.todo(missing);
    await platform.registry.post(`${w()}/deployments/${platform.world.deploymentId}/stop`, {});
    const stoppedAt = Date.now();
    const refusal = await waitFor('a 503 for the stopped deployment', async () => {
      const res = await platform.chat({ model: DEPLOYMENT });
      const body = await res.text();
      return res.status === 503 ? body : null;
    }, { timeoutMs: 10_000, intervalMs: 50 });
    t.diagnostic(`503 ${Date.now() - stoppedAt} ms after the stop: ${refusal}`);
    const error = (JSON.parse(refusal) as { error: { message: string; code: string } }).error;
    assert.match(error.message, new RegExp(DEPLOYMENT), 'the error names the deployment');
    assert.equal(error.code, 'deployment_stopped');

    await sleep(300);
    const before = await deploymentTotal();
    const viaRoute = await runLoad({
      url: `${platform.gatewayBaseUrl}/chat/completions`,
      key: platform.world.apiKey,
      body: { model: ROUTE, messages: [{ role: 'user', content: 'still there?' }], max_tokens: 4 },
      concurrency: 4,
      total: 40,
    });
    assert.equal(viaRoute.ok, 40, `the route answers from ${PROVIDER}: ${describeFailures(viaRoute)}`);
    assert.equal(await deploymentTotal(), before, 'nothing reached the stopped deployment');

    await platform.registry.post(`${w()}/deployments/${platform.world.deploymentId}/start`, {});
    await platform.waitServing(DEPLOYMENT, 30_000);
  });
});

async function drain(response: Promise<Response>): Promise<number> {
  const res = await response;
  await res.arrayBuffer();
  return res.status;
}
