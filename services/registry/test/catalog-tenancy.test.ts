import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closedPort, deploymentBody } from '../src/catalog/catalog-fixtures.testing';
import { startRegistry, type RegistryHarness } from './support/registry-harness';

type Who = 'platform' | 'admin' | 'member' | 'finance' | 'outsider';
const WHO: Who[] = ['platform', 'admin', 'member', 'finance', 'outsider'];
const CONFIG_READ: Who[] = ['platform', 'admin', 'member'];
const CONFIG_WRITE: Who[] = ['platform', 'admin', 'member'];
const ADMIN_ONLY: Who[] = ['platform', 'admin'];
const EVERY_ROLE: Who[] = ['platform', 'admin', 'member', 'finance'];

interface Req {
  method: string;
  path: string;
  body?: unknown;
}

describe('catalog: every role against every endpoint, tenant isolation for every resource type', () => {
  let h: RegistryHarness;
  const tokens = {} as Record<Who, string>;
  let a: string;
  let b: string;
  let dead: string;
  let n = 0;

  before(async () => {
    h = await startRegistry();
    a = (await h.createWorkspace('tenant-a')).id;
    b = (await h.createWorkspace('tenant-b')).id;
    dead = `http://127.0.0.1:${await closedPort()}/v1`;
    tokens.platform = h.adminToken;
    tokens.admin = (await h.createUser({ email: 'admin@a.io', password: 'password-admin', workspaceId: a, role: 'admin' })).token;
    tokens.member = (await h.createUser({ email: 'member@a.io', password: 'password-member', workspaceId: a, role: 'member' })).token;
    tokens.finance = (await h.createUser({ email: 'finance@a.io', password: 'password-finance', workspaceId: a, role: 'finance' })).token;
    tokens.outsider = (await h.createUser({ email: 'admin@b.io', password: 'password-outsider', workspaceId: b, role: 'admin' })).token;
  });
  after(async () => {
    await h?.close();
  });

  const root = (ws: string) => `/api/v1/workspaces/${ws}`;
  async function make(path: string, body: unknown): Promise<{ id: string; models?: Array<{ id: string }>; keys?: Array<{ id: string }> }> {
    const res = await h.api('POST', path, { token: tokens.platform, body });
    assert.ok(res.status === 201, `${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }
  const deployment = (ws = a) => make(`${root(ws)}/deployments`, deploymentBody(`d-${n++}`, [dead], { createRoute: false }));
  const provider = (ws = a) => make(`${root(ws)}/providers`, { name: `p-${n++}`, vendor: 'openai', keys: [{ secret: 'sk-tenant-secret-0001' }], models: [{ name: 'gpt-4o' }] });
  const model = (ws = a) => make(`${root(ws)}/models`, { name: `m-${n++}`, kind: 'chat', contextWindow: 1000 });
  const route = async (ws = a) => make(`${root(ws)}/routes`, { name: `r-${n++}`, targets: [{ kind: 'deployment', deploymentId: (await deployment(ws)).id }] });
  const price = async (ws = a) => make(`${root(ws)}/prices`, { modelId: (await model(ws)).id, inputPerMTok: '1', outputPerMTok: '2' });

  async function check(name: string, ok: number, allowed: Who[], request: () => Promise<Req>): Promise<void> {
    let denied: Req | undefined;
    for (const who of WHO) {
      // Denied callers change nothing, so they can share one target; allowed ones get a fresh one each.
      const r = allowed.includes(who) ? await request() : (denied ??= await request());
      const res = await h.api(r.method, r.path, { token: tokens[who], body: r.body });
      const expected = allowed.includes(who) ? ok : who === 'outsider' ? 404 : 403;
      assert.equal(res.status, expected, `${name} as ${who}: ${res.status} ${JSON.stringify(res.body)}`);
    }
  }

  it('deployments', async () => {
    const d = `${root(a)}/deployments`;
    await check('list', 200, CONFIG_READ, async () => ({ method: 'GET', path: d }));
    await check('create', 201, CONFIG_WRITE, async () => ({ method: 'POST', path: d, body: deploymentBody(`c-${n++}`, [dead], { createRoute: false }) }));
    await check('get', 200, CONFIG_READ, async () => ({ method: 'GET', path: `${d}/${(await deployment()).id}` }));
    await check('edit', 200, CONFIG_WRITE, async () => ({ method: 'PATCH', path: `${d}/${(await deployment()).id}`, body: { description: 'x' } }));
    await check('delete', 204, CONFIG_WRITE, async () => ({ method: 'DELETE', path: `${d}/${(await deployment()).id}` }));
    await check('scale', 200, CONFIG_WRITE, async () => ({ method: 'POST', path: `${d}/${(await deployment()).id}/scale`, body: { replicas: 2 } }));
    await check('stop', 200, CONFIG_WRITE, async () => ({ method: 'POST', path: `${d}/${(await deployment()).id}/stop` }));
    await check('start', 409, CONFIG_WRITE, async () => ({ method: 'POST', path: `${d}/${(await deployment()).id}/start` }));
    await check('update-model', 200, CONFIG_WRITE, async () => ({ method: 'POST', path: `${d}/${(await deployment()).id}/update-model`, body: { modelVersion: 'v2' } }));
    await check('change-endpoint', 200, CONFIG_WRITE, async () => ({
      method: 'POST',
      path: `${d}/${(await deployment()).id}/change-endpoint`,
      body: { from: dead, to: `http://127.0.0.1:1/v1` },
    }));
    await check('test-connectivity', 200, CONFIG_WRITE, async () => ({ method: 'POST', path: `${d}/${(await deployment()).id}/test-connectivity` }));
  });

  it('routes', async () => {
    const r = `${root(a)}/routes`;
    await check('list', 200, CONFIG_READ, async () => ({ method: 'GET', path: r }));
    await check('create', 201, CONFIG_WRITE, async () => ({ method: 'POST', path: r, body: { name: `c-${n++}`, targets: [{ kind: 'deployment', deploymentId: (await deployment()).id }] } }));
    await check('get', 200, CONFIG_READ, async () => ({ method: 'GET', path: `${r}/${(await route()).id}` }));
    await check('edit', 200, CONFIG_WRITE, async () => ({ method: 'PATCH', path: `${r}/${(await route()).id}`, body: { description: 'x' } }));
    await check('retarget', 200, CONFIG_WRITE, async () => ({
      method: 'POST',
      path: `${r}/${(await route()).id}/retarget`,
      body: { targets: [{ kind: 'deployment', deploymentId: (await deployment()).id }] },
    }));
    await check('disable', 200, CONFIG_WRITE, async () => ({ method: 'POST', path: `${r}/${(await route()).id}/disable` }));
    await check('enable', 200, CONFIG_WRITE, async () => ({ method: 'POST', path: `${r}/${(await route()).id}/enable` }));
    await check('delete', 204, CONFIG_WRITE, async () => ({ method: 'DELETE', path: `${r}/${(await route()).id}` }));
  });

  it('providers, keys, provider models, discovery', async () => {
    const p = `${root(a)}/providers`;
    await check('list', 200, CONFIG_READ, async () => ({ method: 'GET', path: p }));
    await check('create', 201, ADMIN_ONLY, async () => ({ method: 'POST', path: p, body: { name: `c-${n++}`, vendor: 'openai' } }));
    await check('get', 200, CONFIG_READ, async () => ({ method: 'GET', path: `${p}/${(await provider()).id}` }));
    await check('edit', 200, ADMIN_ONLY, async () => ({ method: 'PATCH', path: `${p}/${(await provider()).id}`, body: { priority: 2 } }));
    await check('delete', 204, ADMIN_ONLY, async () => ({ method: 'DELETE', path: `${p}/${(await provider()).id}` }));
    await check('list keys', 200, CONFIG_READ, async () => ({ method: 'GET', path: `${p}/${(await provider()).id}/keys` }));
    await check('add key', 201, ADMIN_ONLY, async () => ({ method: 'POST', path: `${p}/${(await provider()).id}/keys`, body: { secret: 'sk-another-secret-1' } }));
    const withKey = async (suffix: string) => {
      const x = await provider();
      return `${p}/${x.id}/keys/${x.keys?.[0].id}${suffix}`;
    };
    await check('edit key', 200, ADMIN_ONLY, async () => ({ method: 'PATCH', path: await withKey(''), body: { enabled: false } }));
    await check('rotate key', 200, ADMIN_ONLY, async () => ({ method: 'POST', path: await withKey('/rotate'), body: { secret: 'sk-rotated-secret-9' } }));
    await check('remove key', 204, ADMIN_ONLY, async () => ({ method: 'DELETE', path: await withKey('') }));
    await check('list models', 200, CONFIG_READ, async () => ({ method: 'GET', path: `${p}/${(await provider()).id}/models` }));
    await check('add model', 201, ADMIN_ONLY, async () => ({ method: 'POST', path: `${p}/${(await provider()).id}/models`, body: { name: 'gpt-4o-mini' } }));
    const withModel = async () => {
      const x = await provider();
      return `${p}/${x.id}/models/${x.models?.[0].id}`;
    };
    await check('edit model', 200, ADMIN_ONLY, async () => ({ method: 'PATCH', path: await withModel(), body: { upstreamName: 'x' } }));
    await check('remove model', 204, ADMIN_ONLY, async () => ({ method: 'DELETE', path: await withModel() }));
    await check('discover (no enabled key: 422)', 422, ADMIN_ONLY, async () => {
      const x = await make(p, { name: `nk-${n++}`, vendor: 'openai' });
      return { method: 'POST', path: `${p}/${x.id}/discover` };
    });
  });

  it('models and prices', async () => {
    const m = `${root(a)}/models`;
    await check('list models', 200, CONFIG_READ, async () => ({ method: 'GET', path: m }));
    await check('create model', 201, CONFIG_WRITE, async () => ({ method: 'POST', path: m, body: { name: `c-${n++}`, kind: 'chat', contextWindow: 1 } }));
    await check('get model', 200, CONFIG_READ, async () => ({ method: 'GET', path: `${m}/${(await model()).id}` }));
    await check('edit model', 200, CONFIG_WRITE, async () => ({ method: 'PATCH', path: `${m}/${(await model()).id}`, body: { contextWindow: 2 } }));
    await check('delete model', 204, CONFIG_WRITE, async () => ({ method: 'DELETE', path: `${m}/${(await model()).id}` }));
    const pr = `${root(a)}/prices`;
    await check('list prices', 200, EVERY_ROLE, async () => ({ method: 'GET', path: pr }));
    await check('get price', 200, EVERY_ROLE, async () => ({ method: 'GET', path: `${pr}/${(await price()).id}` }));
    await check('effective price', 200, EVERY_ROLE, async () => {
      const x = await price();
      const row = await h.db.price.findUniqueOrThrow({ where: { id: x.id } });
      return { method: 'GET', path: `${pr}/effective?modelId=${row.modelId}` };
    });
    await check('add price', 201, ADMIN_ONLY, async () => ({ method: 'POST', path: pr, body: { modelId: (await model()).id, inputPerMTok: '1', outputPerMTok: '1' } }));
  });

  it("an admin of B reaches none of A's objects through B's own workspace path (404), and nothing changes", async () => {
    const own = root(b);
    const d = await deployment();
    const r = await route();
    const p = await provider();
    const m = await model();
    const pr = await price();
    const attempts: Req[] = [
      { method: 'GET', path: `${own}/deployments/${d.id}` },
      { method: 'PATCH', path: `${own}/deployments/${d.id}`, body: { description: 'pwned' } },
      { method: 'POST', path: `${own}/deployments/${d.id}/scale`, body: { replicas: 3 } },
      { method: 'POST', path: `${own}/deployments/${d.id}/stop` },
      { method: 'POST', path: `${own}/deployments/${d.id}/test-connectivity` },
      { method: 'DELETE', path: `${own}/deployments/${d.id}` },
      { method: 'GET', path: `${own}/routes/${r.id}` },
      { method: 'PATCH', path: `${own}/routes/${r.id}`, body: { enabled: false } },
      { method: 'POST', path: `${own}/routes/${r.id}/retarget`, body: { targets: [{ kind: 'deployment', deploymentId: d.id }] } },
      { method: 'DELETE', path: `${own}/routes/${r.id}` },
      { method: 'GET', path: `${own}/providers/${p.id}` },
      { method: 'GET', path: `${own}/providers/${p.id}/keys` },
      { method: 'POST', path: `${own}/providers/${p.id}/keys/${p.keys?.[0].id}/rotate`, body: { secret: 'sk-hijacked-0000' } },
      { method: 'POST', path: `${own}/providers/${p.id}/discover` },
      { method: 'DELETE', path: `${own}/providers/${p.id}/models/${p.models?.[0].id}` },
      { method: 'DELETE', path: `${own}/providers/${p.id}` },
      { method: 'GET', path: `${own}/models/${m.id}` },
      { method: 'DELETE', path: `${own}/models/${m.id}` },
      { method: 'GET', path: `${own}/prices/${pr.id}` },
    ];
    for (const r2 of attempts) {
      const res = await h.api(r2.method, r2.path, { token: tokens.outsider, body: r2.body });
      assert.equal(res.status, 404, `${r2.method} ${r2.path}: ${res.status} ${JSON.stringify(res.body)}`);
    }
    // B cannot reference A's objects either
    const cross = await h.api('POST', `${own}/routes`, { token: tokens.outsider, body: { name: 'steal', targets: [{ kind: 'deployment', deploymentId: d.id }] } });
    assert.equal(cross.status, 422);
    const crossPm = await h.api('POST', `${own}/routes`, { token: tokens.outsider, body: { name: 'steal', targets: [{ kind: 'provider-model', providerModelId: p.models?.[0].id }] } });
    assert.equal(crossPm.status, 422);
    const crossPrice = await h.api('POST', `${own}/prices`, { token: tokens.outsider, body: { modelId: m.id, inputPerMTok: '0', outputPerMTok: '0' } });
    assert.equal(crossPrice.status, 422);
    const crossGpuPrice = await h.api('POST', `${own}/prices`, { token: tokens.outsider, body: { deploymentId: d.id, gpuHour: '0.01' } });
    assert.deepEqual([crossGpuPrice.status, crossGpuPrice.body.error?.field], [422, 'deploymentId'], JSON.stringify(crossGpuPrice.body));
    // B's lists do not show A's objects
    for (const kind of ['deployments', 'routes', 'providers', 'models', 'prices']) {
      const res = await h.api('GET', `${own}/${kind}`, { token: tokens.outsider });
      assert.equal(res.status, 200);
      assert.equal(res.body.total, 0, kind);
    }
    const still = await h.api('GET', `${root(a)}/deployments/${d.id}`, { token: tokens.admin });
    assert.deepEqual([still.body.description, still.body.status, still.body.version], ['test deployment', 'pending', 1]);
    assert.equal((await h.api('GET', `${root(a)}/routes/${r.id}`, { token: tokens.admin })).body.version, 1);
  });

  it('no token: 401 everywhere', async () => {
    for (const kind of ['deployments', 'routes', 'providers', 'models', 'prices']) {
      assert.equal((await h.api('GET', `${root(a)}/${kind}`)).status, 401);
      assert.equal((await h.api('POST', `${root(a)}/${kind}`, { body: {} })).status, 401);
    }
  });
});
