import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closedPort, deploymentBody, EventCollector } from '../src/catalog/catalog-fixtures.testing';
import { startRegistry, type RegistryHarness } from './support/registry-harness';

describe('catalog: routes', () => {
  let h: RegistryHarness;
  let events: EventCollector;
  let ws: string;
  let other: string;
  let base: string;
  let token: string;
  let deadUrl: string;
  let d1: string;
  let d2: string;
  let pm: string;
  let pm2: string;
  let providerId: string;
  let foreignDeployment: string;

  before(async () => {
    h = await startRegistry();
    events = new EventCollector(h.nc, h.namespace, async () => (await h.db.outboxEvent.findMany({ orderBy: { id: 'asc' } })).map((r) => r.payload));
    deadUrl = `http://127.0.0.1:${await closedPort()}/v1`;
    ws = (await h.createWorkspace('routes-ws')).id;
    other = (await h.createWorkspace('routes-other')).id;
    base = `/api/v1/workspaces/${ws}/routes`;
    token = (await h.createUser({ email: 'admin@routes.io', password: 'password-admin', workspaceId: ws, role: 'admin' })).token;
    const mk = async (w: string, name: string) =>
      (await h.api('POST', `/api/v1/workspaces/${w}/deployments`, { token: h.adminToken, body: deploymentBody(name, [deadUrl], { createRoute: false }) })).body.id as string;
    d1 = await mk(ws, 'llama-v1');
    d2 = await mk(ws, 'llama-v2');
    foreignDeployment = await mk(other, 'foreign');
    const provider = await h.api('POST', `/api/v1/workspaces/${ws}/providers`, {
      token,
      body: { name: 'OpenAI', vendor: 'openai', keys: [{ secret: 'sk-test-000000000001' }], models: [{ name: 'gpt-4o' }, { name: 'gpt-4o-mini' }] },
    });
    assert.equal(provider.status, 201, JSON.stringify(provider.body));
    providerId = provider.body.id;
    pm = provider.body.models.find((m: { name: string }) => m.name === 'gpt-4o').id;
    pm2 = provider.body.models.find((m: { name: string }) => m.name === 'gpt-4o-mini').id;
  });
  after(async () => {
    await events?.close();
    await h?.close();
  });

  const api = (method: string, path: string, body?: unknown) => h.api(method, path, { token, body });

  it('mixes deployments and provider models with default weights; shares follow weight / sum', async () => {
    const res = await api('POST', base, {
      name: 'chat',
      description: '<img src=x onerror=alert(1)>',
      targets: [
        { kind: 'deployment', deploymentId: d1 },
        { kind: 'provider-model', providerModelId: pm, weight: 200 },
      ],
      fallback: { kind: 'provider-model', providerModelId: pm2 },
      overflow: { enabled: true, maxShare: 0.25 },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const r = res.body;
    assert.equal(r.description, '<img src=x onerror=alert(1)>');
    assert.deepEqual(
      r.targets.map((t: { kind: string; weight: number; providerId: string | null }) => [t.kind, t.weight, t.providerId]),
      [['deployment', 100, null], ['provider-model', 200, providerId]],
    );
    assert.deepEqual(r.shares, [33.33, 66.67]);
    assert.deepEqual(r.fallback, { kind: 'provider-model', deploymentId: null, providerId, providerModelId: pm2, priority: null });
    assert.deepEqual(r.access, { allowedKeyIds: [], allowedWorkspaceIds: [] });
    assert.deepEqual(r.overflow, { enabled: true, maxShare: 0.25, queueDepthThreshold: null });
    assert.equal(r.enabled, true);
    await events.waitFor((e) => e.some((x) => x.aggregateId === r.id && x.type === 'RouteChanged'), 'RouteChanged created');
    const ev = events.of(r.id)[0];
    assert.ok(ev.type === 'RouteChanged' && ev.data.change === 'created' && ev.data.route?.targets.length === 2);
  });

  it('target rules: no duplicates, a fallback has no weight and is not also weighted, references of this workspace only', async () => {
    const cases: Array<[unknown, number, string]> = [
      [{ name: 'r1', targets: [] }, 400, 'targets'],
      [{ name: 'r1', targets: [{ kind: 'deployment', deploymentId: d1 }, { kind: 'deployment', deploymentId: d1 }] }, 400, 'targets.1'],
      [{ name: 'r1', targets: [{ kind: 'deployment', deploymentId: d1 }], fallback: { kind: 'deployment', deploymentId: d1 } }, 400, 'fallback'],
      [{ name: 'r1', targets: [{ kind: 'deployment', deploymentId: d1 }], fallback: { kind: 'deployment', deploymentId: d2, weight: 5 } }, 400, 'fallback.weight'],
      [{ name: 'r1', targets: [{ kind: 'deployment', deploymentId: d1, weight: 0 }] }, 400, 'targets'],
      [{ name: 'r1', targets: [{ kind: 'deployment', deploymentId: d1, weight: -1 }] }, 400, 'targets.0.weight'],
      [{ name: 'r1', targets: [{ kind: 'deployment', deploymentId: 'nope' }] }, 400, 'targets.0.deploymentId'],
      [{ name: 'r1', targets: [{ kind: 'model', id: d1 }] }, 400, 'targets.0.kind'],
      [{ name: 'r1', targets: [{ kind: 'deployment', deploymentId: foreignDeployment }] }, 422, 'targets.0.deploymentId'],
      [{ name: 'r1', targets: [{ kind: 'deployment', deploymentId: '00000000-0000-4000-8000-000000000000' }] }, 422, 'targets.0.deploymentId'],
      [{ name: 'r1', targets: [{ kind: 'provider-model', providerModelId: pm, providerId: d1 }] }, 422, 'targets.0.providerId'],
      [{ name: 'r1', targets: [{ kind: 'deployment', deploymentId: d1 }], fallback: { kind: 'provider-model', providerModelId: d1 } }, 422, 'fallback.providerModelId'],
      [{ name: 'r1', targets: [{ kind: 'deployment', deploymentId: d1 }], overflow: { enabled: true, maxShare: 2 } }, 400, 'overflow.maxShare'],
      [{ name: 'r1', targets: [{ kind: 'deployment', deploymentId: d1 }], access: { allowedKeyIds: ['00000000-0000-4000-8000-000000000000'] } }, 422, 'access.allowedKeyIds.0'],
      [{ name: 'r1', targets: [{ kind: 'deployment', deploymentId: d1 }], access: { allowedWorkspaceIds: ['00000000-0000-4000-8000-000000000000'] } }, 422, 'access.allowedWorkspaceIds.0'],
      [{ name: 'has space', targets: [{ kind: 'deployment', deploymentId: d1 }] }, 400, 'name'],
      [{ name: 'r1', targets: [{ kind: 'deployment', deploymentId: d1 }], weights: [1] }, 400, 'weights'],
    ];
    for (const [body, status, field] of cases) {
      const res = await api('POST', base, body);
      assert.equal(res.status, status, `${field}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.error.field, field, JSON.stringify(res.body));
    }
    assert.equal((await api('GET', `${base}?q=r1`)).body.total, 0);
  });

  it('409 on a duplicate name; concurrent creates: one wins', async () => {
    const body = { name: 'dup', targets: [{ kind: 'deployment', deploymentId: d1 }] };
    const results = await Promise.all(Array.from({ length: 4 }, () => api('POST', base, body)));
    assert.deepEqual(results.map((r) => r.status).sort(), [201, 409, 409, 409]);
    const inOther = await h.api('POST', `/api/v1/workspaces/${other}/routes`, {
      token: h.adminToken,
      body: { name: 'dup', targets: [{ kind: 'deployment', deploymentId: foreignDeployment }] },
    });
    assert.equal(inOther.status, 201, 'names are unique per workspace only');
  });

  it('retarget replaces the targets atomically (model-alias upgrade) and keeps the fallback unless given', async () => {
    const created = (await api('POST', base, {
      name: 'llama',
      targets: [{ kind: 'deployment', deploymentId: d1 }],
      fallback: { kind: 'provider-model', providerModelId: pm2 },
    })).body;
    const path = `${base}/${created.id}`;
    const up = await api('POST', `${path}/retarget`, { targets: [{ kind: 'deployment', deploymentId: d2 }] });
    assert.equal(up.status, 200, JSON.stringify(up.body));
    assert.deepEqual(up.body.targets.map((t: { deploymentId: string }) => t.deploymentId), [d2]);
    assert.equal(up.body.fallback.providerModelId, pm2);
    assert.equal(up.body.version, 2);
    const noFallback = await api('POST', `${path}/retarget`, { targets: [{ kind: 'deployment', deploymentId: d2 }], fallback: null });
    assert.equal(noFallback.body.fallback, null);
    const bad = await api('POST', `${path}/retarget`, { targets: [{ kind: 'deployment', deploymentId: foreignDeployment }] });
    assert.equal(bad.status, 422);
    assert.equal((await api('GET', path)).body.targets[0].deploymentId, d2, 'a failed retarget changes nothing');
    assert.equal((await api('POST', `${path}/retarget`, { targets: [{ kind: 'deployment', deploymentId: d1 }], name: 'x' })).status, 400);

    // concurrent retargets serialise: every one bumps the version once
    await Promise.all([d1, d2, d1, d2].map((id) => api('POST', `${path}/retarget`, { targets: [{ kind: 'deployment', deploymentId: id }] })));
    assert.equal((await api('GET', path)).body.version, 7);
    await events.waitFor((e) => e.filter((x) => x.aggregateId === created.id).length === 7, 'seven RouteChanged');
    assert.deepEqual(events.of(created.id).map((e) => e.aggregateVersion), [1, 2, 3, 4, 5, 6, 7]);
  });

  it('edit: rename (previousName), access settings, overflow, enable/disable, delete', async () => {
    const key = await h.api('POST', `/api/v1/workspaces/${ws}/api-keys`, { token, body: { name: 'route-key' } });
    assert.equal(key.status, 201, JSON.stringify(key.body));
    const created = (await api('POST', base, { name: 'old-name', targets: [{ kind: 'deployment', deploymentId: d1 }] })).body;
    const path = `${base}/${created.id}`;
    // Sharing sends the other workspace's traffic here: it needs that workspace's admin role, not just this one's.
    const refused = await api('PATCH', path, { access: { allowedWorkspaceIds: [other] } });
    assert.equal(refused.status, 403, JSON.stringify(refused.body));
    assert.equal(refused.body.error.field, 'access.allowedWorkspaceIds.0');
    const asMember = await h.api('POST', `/api/v1/workspaces/${other}/members`, { token: h.adminToken, body: { email: 'admin@routes.io', role: 'member' } });
    assert.equal(asMember.status, 201, JSON.stringify(asMember.body));
    assert.equal((await api('PATCH', path, { access: { allowedWorkspaceIds: [other] } })).status, 403, 'a member of the other workspace may not share with it');
    const userId = asMember.body.userId ?? asMember.body.id;
    const promoted = await h.api('PATCH', `/api/v1/workspaces/${other}/members/${userId}`, { token: h.adminToken, body: { role: 'admin' } });
    assert.equal(promoted.status, 200, JSON.stringify(promoted.body));
    const renamed = await api('PATCH', path, { name: 'new-name', access: { allowedKeyIds: [key.body.id], allowedWorkspaceIds: [other] }, overflow: { maxShare: 0.5 } });
    assert.equal(renamed.status, 200, JSON.stringify(renamed.body));
    assert.equal(renamed.body.name, 'new-name');
    assert.deepEqual(renamed.body.access, { allowedKeyIds: [key.body.id], allowedWorkspaceIds: [other] });
    assert.deepEqual(renamed.body.overflow, { enabled: false, maxShare: 0.5, queueDepthThreshold: null });
    await events.waitFor((e) => e.some((x) => x.aggregateId === created.id && x.type === 'RouteChanged' && x.data.previousName === 'old-name'), 'rename event');
    assert.equal((await api('PATCH', path, { name: 'chat' })).status, 409);
    assert.equal((await api('PATCH', path, { fallback: { kind: 'deployment', deploymentId: d1 } })).status, 400, 'fallback equals a target');
    const withFallback = await api('PATCH', path, { fallback: { kind: 'deployment', deploymentId: d2 } });
    assert.equal(withFallback.body.fallback.deploymentId, d2);
    assert.equal((await api('POST', `${path}/disable`)).body.enabled, false);
    assert.equal((await api('GET', `${base}?enabled=false`)).body.items.some((r: { id: string }) => r.id === created.id), true);
    assert.equal((await api('POST', `${path}/enable`)).body.enabled, true);
    assert.equal((await api('PATCH', path, { enabled: 'yes' })).status, 400);
    assert.equal((await api('DELETE', path)).status, 204);
    assert.equal((await api('GET', path)).status, 404);
    assert.equal((await api('DELETE', path)).status, 404);
  });

  it('lists filter by target and paginate', async () => {
    const byDeployment = await api('GET', `${base}?deploymentId=${d1}`);
    assert.equal(byDeployment.status, 200);
    assert.ok(byDeployment.body.items.every((r: { targets: { deploymentId: string }[] }) => r.targets.some((t) => t.deploymentId === d1)));
    const byModel = await api('GET', `${base}?providerModelId=${pm}`);
    assert.deepEqual(byModel.body.items.map((r: { name: string }) => r.name), ['chat']);
    const page = await api('GET', `${base}?limit=1&offset=0`);
    assert.equal(page.body.items.length, 1);
    assert.ok(page.body.total >= 3);
    assert.equal((await api('GET', `${base}?deploymentId=x`)).status, 400);
  });

  it('deleting a provider model removes it from routes; deleting the provider too', async () => {
    const r = (await api('POST', base, {
      name: 'saas-only',
      targets: [{ kind: 'deployment', deploymentId: d2 }, { kind: 'provider-model', providerModelId: pm }],
      fallback: { kind: 'provider-model', providerModelId: pm2 },
    })).body;
    assert.equal((await api('DELETE', `/api/v1/workspaces/${ws}/providers/${providerId}/models/${pm2}`)).status, 204);
    assert.equal((await api('GET', `${base}/${r.id}`)).body.fallback, null);
    assert.equal((await api('DELETE', `/api/v1/workspaces/${ws}/providers/${providerId}`)).status, 204);
    const after = (await api('GET', `${base}/${r.id}`)).body;
    assert.deepEqual(after.targets.map((t: { kind: string }) => t.kind), ['deployment']);
  });
});
