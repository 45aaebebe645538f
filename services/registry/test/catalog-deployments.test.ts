import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  closedPort,
  deploymentBody,
  EventCollector,
  json,
  startFakeUpstream,
  type FakeUpstream,
} from '../src/catalog/catalog-fixtures.testing';
import { startRegistry, type RegistryHarness } from './support/registry-harness';

describe('catalog: deployments', () => {
  let h: RegistryHarness;
  let events: EventCollector;
  let engine: FakeUpstream;
  let deadUrl: string;
  let ws: string;
  let base: string;
  let token: string;

  before(async () => {
    h = await startRegistry({ env: { CONNECTIVITY_TIMEOUT_MS: '1000' } });
    events = new EventCollector(h.nc, h.namespace, async () => (await h.db.outboxEvent.findMany({ orderBy: { id: "asc" } })).map((r) => r.payload));
    engine = await startFakeUpstream((req, res) => {
      if (req.url === '/v1/models') return json(res, 200, { object: 'list', data: [{ id: 'qwen2.5-7b' }] });
      if (req.url === '/health') return json(res, 200, { ok: true });
      json(res, 404, { error: 'no' });
    });
    deadUrl = `http://127.0.0.1:${await closedPort()}/v1`;
    ws = (await h.createWorkspace('deploy-ws')).id;
    base = `/api/v1/workspaces/${ws}/deployments`;
    token = (await h.createUser({ email: 'member@deploy.io', password: 'password-member', workspaceId: ws, role: 'member' })).token;
  });
  after(async () => {
    await events?.close();
    await engine?.close();
    await h?.close();
  });

  const api = (method: string, path: string, body?: unknown) => h.api(method, path, { token, body });

  it('creates a static deployment: connectivity per endpoint stored and returned, a failure does not block, same-name route', async () => {
    const res = await api('POST', base, deploymentBody('qwen-a', [`${engine.url}/v1`, deadUrl], { description: "'; DROP TABLE deployments; -- <script>x</script>" }));
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const d = res.body;
    assert.equal(d.name, 'qwen-a');
    assert.equal(d.description, "'; DROP TABLE deployments; -- <script>x</script>");
    assert.equal(d.status, 'pending');
    assert.equal(d.replicas, 2, 'static: replicas = enabled endpoints within bounds');
    assert.equal(d.connectivity.ok, false);
    assert.equal(d.connectivity.total, 2);
    assert.equal(d.connectivity.reachable, 1);
    const [live, dead] = d.connectivity.endpoints;
    assert.equal(live.ok, true);
    assert.equal(live.status, 200);
    assert.equal(typeof live.latencyMs, 'number');
    assert.equal(live.probedUrl, `${engine.url}/v1/models`);
    assert.equal(dead.ok, false);
    assert.equal(dead.status, null);
    assert.equal(dead.error, 'connection refused');
    assert.match(d.statusDetail, /connectivity test failed/);
    assert.equal(d.route.name, 'qwen-a');
    assert.deepEqual(d.route.targets.map((t: { deploymentId: string; weight: number }) => [t.deploymentId, t.weight]), [[d.id, 100]]);
    assert.equal(d.loadBalancer.strategy, 'round-robin');
    assert.equal(d.healthCheck.path, '/health');
    assert.equal(d.updateStrategy.strategy, 'rolling');

    const got = await api('GET', `${base}/${d.id}`);
    assert.equal(got.status, 200);
    assert.deepEqual(got.body.connectivity, d.connectivity);
    assert.ok(engine.requests.some((r) => r.url === '/v1/models'));

    await events.waitFor((e) => e.some((x) => x.type === 'DeploymentCreated' && x.aggregateId === d.id), 'DeploymentCreated');
    const created = events.of(d.id, 'DeploymentCreated')[0];
    assert.equal(created.aggregateVersion, 1);
    assert.equal(created.workspaceId, ws);
    await events.waitFor((e) => e.some((x) => x.type === 'RouteChanged' && x.aggregateId === d.route.id), 'RouteChanged');
  });

  it('probes the health path when /v1/models is not served, and endpoints without /v1', async () => {
    const res = await api('POST', base, deploymentBody('health-only', [engine.url], { healthCheck: { path: '/health' }, createRoute: false }));
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.connectivity.ok, true);
    assert.equal(res.body.route, null);
    const routes = await api('GET', `/api/v1/workspaces/${ws}/routes?q=health-only`);
    assert.equal(routes.body.total, 0);
  });

  it('non-static drivers have nothing to test and take no endpoints', async () => {
    const ok = await api('POST', base, deploymentBody('proc', [], { runtime: { driver: 'process', settings: { command: 'node' } }, createRoute: false }));
    assert.equal(ok.status, 201, JSON.stringify(ok.body));
    assert.equal(ok.body.connectivity.ok, null);
    assert.equal(ok.body.replicas, 1);
    const bad = await api('POST', base, deploymentBody('proc2', ['http://x.io/v1'], { runtime: { driver: 'kubernetes' } }));
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.field, 'endpoints');
  });

  it('rejects bad input naming the field', async () => {
    const cases: Array<[Record<string, unknown>, number, string]> = [
      [{ ...deploymentBody('x1', [deadUrl]), colour: 'red' }, 400, 'colour'],
      [deploymentBody('x2', [deadUrl], { minReplicas: 5, maxReplicas: 2 }), 400, 'maxReplicas'],
      [deploymentBody('x3', []), 400, 'endpoints'],
      [deploymentBody('x4', ['ftp://x']), 400, 'endpoints.0.url'],
      [deploymentBody('x5', [deadUrl, deadUrl]), 400, 'endpoints.1.url'],
      [deploymentBody('bad name!', [deadUrl]), 400, 'name'],
      [deploymentBody('x6', [deadUrl], { resources: { cpuCores: -1, memoryGb: 1 } }), 400, 'resources.cpuCores'],
      [deploymentBody('x7', [deadUrl], { resources: { cpuCores: 1, memoryGb: 1, gpuType: 'NVIDIA A100' } }), 400, 'resources.gpuType'],
      [deploymentBody('x8', [deadUrl], { environment: 'prod' }), 400, 'environment'],
      [deploymentBody('x9', [deadUrl], { loadBalancer: { strategy: 'random' } }), 400, 'loadBalancer.strategy'],
      [deploymentBody('x10', [deadUrl], { healthCheck: { intervalSeconds: 5, timeoutSeconds: 10 } }), 400, 'healthCheck.timeoutSeconds'],
      [deploymentBody('x11', [deadUrl], { autoscaling: { enabled: true } }), 400, 'autoscaling'],
      [deploymentBody('x12', [deadUrl], { runtime: { driver: 'static', settings: { apiToken: 'x' } } }), 400, 'runtime.settings'],
      [deploymentBody('x13', [deadUrl], { updateStrategy: { strategy: 'canary', parameters: { steps: [50, 10] } } }), 400, 'updateStrategy.parameters.steps'],
      [deploymentBody('x14', [deadUrl], { replicas: 9 }), 400, 'replicas'],
      [deploymentBody('x15', [deadUrl], { env: { 'BAD-NAME': 'x' } }), 400, 'env'],
      [deploymentBody('x16', [deadUrl], { env: { HF_TOKEN: 'hf_secret' } }), 400, 'env'],
    ];
    for (const [body, status, field] of cases) {
      const res = await api('POST', base, body);
      assert.equal(res.status, status, `${field}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.error.field?.startsWith(field), true, `${field}: ${JSON.stringify(res.body)}`);
    }
    const noName = await api('POST', base, { modelId: 'm' });
    assert.equal(noName.status, 400);
    assert.match(noName.body.error.message, /is required/);
    assert.equal((await api('POST', base, '{"name":')).status, 400);
    assert.equal((await api('POST', base, [1, 2])).status, 400);
    const huge = await api('POST', base, deploymentBody('huge', [deadUrl], { description: 'x'.repeat(1_100_000) }));
    assert.equal(huge.status, 413);
  });

  it('409 on a duplicate name, and on a same-name route (hinting createRoute: false); nothing half-created', async () => {
    const first = await api('POST', base, deploymentBody('dup', [deadUrl]));
    assert.equal(first.status, 201);
    const again = await api('POST', base, deploymentBody('dup', [deadUrl]));
    assert.equal(again.status, 409);
    assert.equal(again.body.error.field, 'name');
    // a route named "alias" exists: a deployment of that name needs createRoute: false
    const route = await api('POST', `/api/v1/workspaces/${ws}/routes`, { name: 'alias', targets: [{ kind: 'deployment', deploymentId: first.body.id }] });
    assert.equal(route.status, 201, JSON.stringify(route.body));
    const clash = await api('POST', base, deploymentBody('alias', [deadUrl]));
    assert.equal(clash.status, 409);
    assert.equal(clash.body.error.field, 'createRoute');
    assert.equal((await api('GET', `${base}?q=alias`)).body.total, 0, 'the deployment was rolled back with the route');
    const fine = await api('POST', base, deploymentBody('alias', [deadUrl], { createRoute: false }));
    assert.equal(fine.status, 201);
  });

  it('concurrent creates of one name: exactly one wins', async () => {
    const results = await Promise.all(Array.from({ length: 5 }, () => api('POST', base, deploymentBody('race', [deadUrl], { createRoute: false }))));
    assert.deepEqual(results.map((r) => r.status).sort(), [201, 409, 409, 409, 409]);
  });

  it('lists with pagination and filters', async () => {
    await api('POST', base, deploymentBody('prod-one', [deadUrl], { environment: 'production', createRoute: false }));
    const prod = await api('GET', `${base}?environment=production`);
    assert.equal(prod.status, 200);
    assert.deepEqual(prod.body.items.map((d: { name: string }) => d.name), ['prod-one']);
    const page = await api('GET', `${base}?limit=2&offset=1`);
    assert.equal(page.body.items.length, 2);
    assert.equal(page.body.limit, 2);
    assert.equal(page.body.offset, 1);
    assert.ok(page.body.total >= 5);
    assert.equal((await api('GET', `${base}?q=QWEN-A`)).body.items[0].name, 'qwen-a');
    assert.equal((await api('GET', `${base}?driver=process`)).body.items[0].name, 'proc');
    assert.equal((await api('GET', `${base}?status=stopped`)).body.total, 0);
    for (const q of ['limit=0', 'limit=abc', 'offset=-1', 'environment=prod', 'sort=name']) {
      const bad = await api('GET', `${base}?${q}`);
      assert.equal(bad.status, 400, q);
    }
  });

  it('edit rules: name/model/version locked (422 naming update-model), CPU/memory flag requiresRestart, the rest editable', async () => {
    const d = (await api('POST', base, deploymentBody('editable', [deadUrl], { createRoute: false }))).body;
    const path = `${base}/${d.id}`;
    const name = await api('PATCH', path, { name: 'other' });
    assert.equal(name.status, 422);
    assert.equal(name.body.error.field, 'name');
    const model = await api('PATCH', path, { modelId: 'llama' });
    assert.equal(model.status, 422);
    assert.match(model.body.error.message, /update-model/);
    const version = await api('PATCH', path, { modelVersion: 'v9' });
    assert.equal(version.status, 422);
    assert.match(version.body.error.message, /update-model/);
    assert.equal((await api('PATCH', path, { replicas: 3 })).status, 422);
    assert.equal((await api('PATCH', path, { name: 'editable', description: 'same name is fine' })).status, 200);

    const cpu = await api('PATCH', path, { resources: { cpuCores: 8, memoryGb: 32 } });
    assert.equal(cpu.status, 200, JSON.stringify(cpu.body));
    assert.equal(cpu.body.requiresRestart, true);
    assert.equal(cpu.body.restartRequired, true);
    assert.deepEqual(cpu.body.restartFields, ['resources.cpuCores', 'resources.memoryGb']);
    assert.equal(cpu.body.resources.cpuCores, 8);

    const soft = await api('PATCH', path, {
      description: 'new',
      env: { A: '1' },
      healthCheck: { path: '/healthz' },
      loadBalancer: { strategy: 'least-connections', stickySessions: true },
      autoscaling: { enabled: true, targetCpuPercent: 60 },
    });
    assert.equal(soft.status, 200);
    assert.equal(soft.body.restartRequired, false);
    assert.deepEqual(soft.body.changedFields.sort(), ['autoscaling', 'description', 'env', 'healthCheck', 'loadBalancer']);
    assert.equal(soft.body.healthCheck.intervalSeconds, 30, 'merged field by field');

    const bounds = await api('PATCH', path, { minReplicas: 3 });
    assert.equal(bounds.status, 200);
    assert.equal(bounds.body.replicas, 3, 'replicas moved into the new bounds');
    assert.equal((await api('PATCH', path, { minReplicas: 9 })).status, 400);
    assert.equal((await api('PATCH', path, { bogus: 1 })).body.error.field, 'bogus');

    await events.waitFor((e) => e.some((x) => x.aggregateId === d.id && x.type === 'DeploymentScaled'), 'DeploymentScaled (bounds)');
    const mine = events.of(d.id);
    const versions = mine.map((e) => e.aggregateVersion);
    assert.deepEqual(versions, [...versions].sort((a, b) => a - b), 'versions increase');
    assert.equal(new Set(versions).size, versions.length, 'one version per event');
    const updated = mine.filter((e) => e.type === 'DeploymentUpdated');
    assert.equal(updated.length, 4);
    const scaled = mine.find((e) => e.type === 'DeploymentScaled');
    assert.equal(scaled?.type === 'DeploymentScaled' && scaled.data.reason, 'bounds');
    const row = await h.db.deployment.findUniqueOrThrow({ where: { id: d.id } });
    assert.equal(row.version, Math.max(...versions));
  });

  it('scale, stop, start, update-model with their rules and events', async () => {
    const d = (await api('POST', base, deploymentBody('lifecycle', [deadUrl], { createRoute: false, minReplicas: 1, maxReplicas: 3 }))).body;
    const path = `${base}/${d.id}`;
    const scaled = await api('POST', `${path}/scale`, { replicas: 3 });
    assert.equal(scaled.status, 200);
    assert.equal(scaled.body.replicas, 3);
    const outside = await api('POST', `${path}/scale`, { replicas: 4 });
    assert.equal(outside.status, 422);
    assert.equal(outside.body.error.field, 'replicas');
    assert.equal((await api('POST', `${path}/scale`, { replicas: '2' })).status, 400);
    assert.equal((await api('POST', `${path}/scale`, {})).status, 400);

    const stopped = await api('POST', `${path}/stop`, { reason: 'maintenance' });
    assert.equal(stopped.status, 200);
    assert.equal(stopped.body.status, 'stopped');
    assert.equal((await api('POST', `${path}/stop`)).status, 409);
    assert.equal((await api('POST', `${path}/scale`, { replicas: 2 })).status, 409);
    const started = await api('POST', `${path}/start`);
    assert.equal(started.status, 200);
    assert.equal(started.body.status, 'deploying');
    assert.equal(started.body.replicas, 3, 'resumes the previous configuration');
    assert.equal((await api('POST', `${path}/start`)).status, 409);

    const upd = await api('POST', `${path}/update-model`, { modelVersion: 'v2', strategy: 'canary', parameters: { steps: [10, 50, 100], bakeMs: 1000 } });
    assert.equal(upd.status, 200, JSON.stringify(upd.body));
    assert.equal(upd.body.modelVersion, 'v2');
    assert.equal(upd.body.specRevision, 2);
    assert.equal(upd.body.status, 'updating');
    assert.deepEqual(upd.body.updateStrategy, { strategy: 'canary', parameters: { steps: [10, 50, 100], bakeMs: 1000 } });
    assert.equal((await api('POST', `${path}/update-model`, { modelVersion: 'v2' })).status, 422);
    assert.equal((await api('POST', `${path}/update-model`, { modelVersion: 'v3', strategy: 'canary', parameters: { steps: [10] } })).status, 400);
    assert.equal((await api('POST', `${path}/update-model`, { modelVersion: 'v3', strategy: 'big-bang' })).status, 400);
    assert.equal((await api('POST', `${path}/update-model`, { modelVersion: 'v3', strategy: 'rolling', parameters: { maxSurge: 1, warp: 9 } })).status, 400);

    await events.waitFor((e) => e.filter((x) => x.aggregateId === d.id).length >= 5, 'five lifecycle events');
    const types = events.of(d.id).map((e) => e.type);
    assert.deepEqual(types, ['DeploymentCreated', 'DeploymentScaled', 'DeploymentStopped', 'DeploymentStarted', 'DeploymentUpdated']);
    // published on NATS by the outbox relay, in order per aggregate
    await events.waitFor(() => events.onNats.filter((e) => e.aggregateId === d.id).length >= 5, 'the five events on NATS', 15_000);
    const overNats = events.onNats.filter((e) => e.aggregateId === d.id).map((e) => e.aggregateVersion);
    assert.deepEqual(overNats, [...overNats].sort((x, y) => x - y));
    const stopEvent = events.of(d.id, 'DeploymentStopped')[0];
    assert.equal(stopEvent.type === 'DeploymentStopped' && stopEvent.data.reason, 'maintenance');
    assert.equal(stopEvent.type === 'DeploymentStopped' && stopEvent.data.requestedBy, 'member@deploy.io');
    const updEvent = events.of(d.id, 'DeploymentUpdated')[0];
    assert.ok(updEvent.type === 'DeploymentUpdated' && updEvent.data.restartRequired && updEvent.data.deployment.specRevision === 2);
  });

  it('change-endpoint records the move (new endpoint id, tested) and test-connectivity reruns the test', async () => {
    const d = (await api('POST', base, deploymentBody('mover', [deadUrl], { createRoute: false }))).body;
    const path = `${base}/${d.id}`;
    assert.equal(d.connectivity.ok, false);
    const missing = await api('POST', `${path}/change-endpoint`, { from: 'http://nowhere.io/v1', to: `${engine.url}/v1` });
    assert.equal(missing.status, 422);
    assert.equal(missing.body.error.field, 'from');
    const same = await api('POST', `${path}/change-endpoint`, { from: deadUrl, to: deadUrl });
    assert.equal(same.status, 409);
    const moved = await api('POST', `${path}/change-endpoint`, { from: deadUrl, to: `${engine.url}/v1` });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    assert.deepEqual(moved.body.endpoints.map((e: { url: string }) => e.url), [`${engine.url}/v1`]);
    assert.notEqual(moved.body.endpoints[0].id, d.endpoints[0].id);
    assert.equal(moved.body.connectivity.ok, true);
    const proc = (await api('POST', base, deploymentBody('proc-mover', [], { runtime: { driver: 'process' }, createRoute: false }))).body;
    assert.equal((await api('POST', `${base}/${proc.id}/change-endpoint`, { from: deadUrl, to: `${engine.url}/v1` })).status, 422);

    const retest = await api('POST', `${path}/test-connectivity`);
    assert.equal(retest.status, 200);
    assert.equal(retest.body.connectivity.ok, true);
    assert.notEqual(retest.body.connectivity.testedAt, moved.body.connectivity.testedAt);
  });

  it('PATCH endpoints keeps unchanged endpoint ids and reruns the connectivity test', async () => {
    const d = (await api('POST', base, deploymentBody('patched', [deadUrl], { createRoute: false, maxReplicas: 4 }))).body;
    const res = await api('PATCH', `${base}/${d.id}`, { endpoints: [{ url: deadUrl, weight: 50 }, { url: `${engine.url}/v1`, priority: 'backup' }] });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body.changedFields, ['endpoints']);
    assert.equal(res.body.endpoints.length, 2);
    assert.equal(res.body.endpoints.find((e: { url: string }) => e.url === deadUrl).id, d.endpoints[0].id, 'same URL, same id');
    assert.equal(res.body.endpoints.find((e: { url: string }) => e.url === deadUrl).weight, 50);
    assert.equal(res.body.connectivity.total, 2);
    assert.equal(res.body.connectivity.reachable, 1);
    assert.equal((await api('GET', `${base}/${d.id}`)).body.connectivity.total, 2);
  });

  it('a slow endpoint times out after CONNECTIVITY_TIMEOUT_MS without blocking creation', async () => {
    const slow = await startFakeUpstream(() => {
      /* never answers */
    });
    try {
      const started = Date.now();
      const res = await api('POST', base, deploymentBody('slow', [`${slow.url}/v1`], { createRoute: false }));
      assert.equal(res.status, 201);
      assert.equal(res.body.connectivity.endpoints[0].error, 'timed out after 1000 ms');
      assert.ok(Date.now() - started < 5000);
    } finally {
      await slow.close();
    }
  });

  it('delete removes the deployment, its same-name route, and its targets in other routes', async () => {
    const d = (await api('POST', base, deploymentBody('doomed', [deadUrl]))).body;
    const other = (await api('POST', base, deploymentBody('survivor', [deadUrl], { createRoute: false }))).body;
    const mixed = await api('POST', `/api/v1/workspaces/${ws}/routes`, {
      name: 'mixed',
      targets: [{ kind: 'deployment', deploymentId: d.id }, { kind: 'deployment', deploymentId: other.id }],
    });
    assert.equal(mixed.status, 201);
    const del = await api('DELETE', `${base}/${d.id}`);
    assert.equal(del.status, 204);
    assert.equal((await api('GET', `${base}/${d.id}`)).status, 404);
    assert.equal((await api('GET', `/api/v1/workspaces/${ws}/routes/${d.route.id}`)).status, 404);
    const after = await api('GET', `/api/v1/workspaces/${ws}/routes/${mixed.body.id}`);
    assert.deepEqual(after.body.targets.map((t: { deploymentId: string }) => t.deploymentId), [other.id]);
    assert.equal((await api('DELETE', `${base}/${d.id}`)).status, 404);
    await events.waitFor((e) => e.some((x) => x.type === 'DeploymentDeleted' && x.aggregateId === d.id), 'DeploymentDeleted');
    const deleted = events.of(d.id, 'DeploymentDeleted')[0];
    assert.equal(deleted.aggregateVersion, 2);
    assert.equal(deleted.type === 'DeploymentDeleted' && deleted.data.name, 'doomed');
    await events.waitFor(
      (e) => e.some((x) => x.type === 'RouteChanged' && x.aggregateId === d.route.id && x.data.change === 'deleted'),
      'RouteChanged deleted',
    );
  });

  it('404 for garbage and unknown ids', async () => {
    assert.equal((await api('GET', `${base}/not-a-uuid`)).status, 404);
    assert.equal((await api('GET', `${base}/00000000-0000-4000-8000-000000000000`)).status, 404);
    assert.equal((await api('POST', `${base}/00000000-0000-4000-8000-000000000000/scale`, { replicas: 1 })).status, 404);
    assert.equal((await h.api('GET', '/api/v1/workspaces/00000000-0000-4000-8000-000000000000/deployments', { token: h.adminToken })).status, 200);
    assert.equal(
      (await h.api('POST', '/api/v1/workspaces/00000000-0000-4000-8000-000000000000/deployments', { token: h.adminToken, body: deploymentBody('n', [deadUrl]) })).status,
      404,
    );
  });
});
