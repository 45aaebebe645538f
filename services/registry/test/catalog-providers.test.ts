import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closedPort, EventCollector, json, startFakeUpstream, type FakeUpstream } from '../src/catalog/catalog-fixtures.testing';
import { SecretBox } from '../src/secrets/secret-box.service';
import { startRegistry, type RegistryHarness } from './support/registry-harness';

const SECRET_A = 'sk-live-AAAAAAAAAAAAAAAA-1111';
const SECRET_B = 'sk-live-BBBBBBBBBBBBBBBB-2222';
const SECRET_C = 'sk-live-CCCCCCCCCCCCCCCC-3333';

describe('catalog: providers, keys, provider models, discovery', () => {
  let h: RegistryHarness;
  let events: EventCollector;
  let upstream: FakeUpstream;
  let ws: string;
  let base: string;
  let admin: string;
  let member: string;

  before(async () => {
    h = await startRegistry();
    events = new EventCollector(h.nc, h.namespace, async () => (await h.db.outboxEvent.findMany({ orderBy: { id: 'asc' } })).map((r) => r.payload));
    upstream = await startFakeUpstream((req, res) => {
      const auth = req.headers.authorization ?? req.headers['x-api-key'] ?? req.headers['api-key'];
      const path = (req.url ?? '').split('?')[0];
      if (!String(auth).includes('AAAA') && !String(auth).includes('CCCC')) return json(res, 401, { error: { message: 'bad key' } });
      if (path.endsWith('/models')) return json(res, 200, { object: 'list', data: [{ id: 'gpt-4o' }, { id: 'gpt-4o-mini' }, { id: 'gpt-4o' }, { id: 'weird model name' }, { nope: 1 }] });
      json(res, 404, {});
    });
    ws = (await h.createWorkspace('providers-ws')).id;
    base = `/api/v1/workspaces/${ws}/providers`;
    admin = (await h.createUser({ email: 'admin@prov.io', password: 'password-admin', workspaceId: ws, role: 'admin' })).token;
    member = (await h.createUser({ email: 'member@prov.io', password: 'password-member', workspaceId: ws, role: 'member' })).token;
  });
  after(async () => {
    await events?.close();
    await upstream?.close();
    await h?.close();
  });

  const api = (method: string, path: string, body?: unknown, token = admin) => h.api(method, path, { token, body });

  it('creates providers of every vendor; secrets sealed per key, answered masked only', async () => {
    const openai = await api('POST', base, {
      name: 'OpenAI US-West',
      vendor: 'openai',
      keys: [
        { secret: SECRET_A, description: 'primary', weight: 2 },
        { secret: SECRET_B, description: 'backup', weight: 1, enabled: false },
      ],
      models: [{ name: 'gpt-4o' }],
    });
    assert.equal(openai.status, 201, JSON.stringify(openai.body));
    assert.equal(openai.body.baseUrl, 'https://api.openai.com/v1', 'vendor default');
    assert.deepEqual(
      openai.body.keys.map((k: { description: string; weight: number; maskedSecret: string; enabled: boolean }) => [k.description, k.weight, k.maskedSecret, k.enabled]),
      [['primary', 2, '****1111', true], ['backup', 1, '****2222', false]],
    );
    const text = JSON.stringify(openai.body);
    assert.equal(text.includes(SECRET_A) || text.includes(SECRET_B), false);

    const rows = await h.db.providerKey.findMany({ where: { providerId: openai.body.id } });
    const box = h.running.app.get(SecretBox);
    for (const row of rows) {
      assert.equal(row.ciphertext.includes('AAAA'), false);
      const clear = await box.open(row, row.id);
      assert.ok([SECRET_A, SECRET_B].includes(clear));
    }

    const azure = await api('POST', base, {
      name: 'Azure East',
      vendor: 'azure',
      baseUrl: 'https://res.openai.azure.com/openai',
      apiVersion: '2024-06-01',
      deploymentMap: { 'gpt-4-turbo': 'gpt4-prod' },
      keys: [{ secret: SECRET_C }],
      models: [{ name: 'gpt-4-turbo' }, { name: 'gpt-4o' }],
    });
    assert.equal(azure.status, 201, JSON.stringify(azure.body));
    assert.deepEqual(azure.body.models.map((m: { azureDeployment: string }) => m.azureDeployment), ['gpt4-prod', 'gpt-4o']);
    const remapped = await api('PATCH', `${base}/${azure.body.id}`, { deploymentMap: { 'gpt-4o': 'gpt4o-eu' } });
    assert.equal(remapped.status, 200);
    assert.deepEqual(remapped.body.models.map((m: { azureDeployment: string }) => m.azureDeployment), ['gpt4-prod', 'gpt4o-eu']);
    assert.equal((await api('PATCH', `${base}/${azure.body.id}`, { apiVersion: null })).status, 400, 'azure keeps an api-version');
    const anthropic = await api('POST', base, { name: 'Anthropic', vendor: 'anthropic', keys: [{ secret: SECRET_C }] });
    assert.equal(anthropic.body.baseUrl, 'https://api.anthropic.com/v1');
    const compat = await api('POST', base, { name: 'Ollama', vendor: 'openai-compatible', baseUrl: `${upstream.url}/v1`, keys: [{ secret: SECRET_A }] });
    assert.equal(compat.status, 201);

    // nothing secret in the events, the audit log or the outbox
    const outbox = JSON.stringify(await h.db.outboxEvent.findMany({ select: { payload: true } }));
    const audit = JSON.stringify(await h.db.auditLog.findMany({ select: { before: true, after: true } }));
    for (const s of [SECRET_A, SECRET_B, SECRET_C]) {
      assert.equal(outbox.includes(s), false, 'outbox');
      assert.equal(audit.includes(s), false, 'audit');
    }
    await events.waitFor((e) => e.some((x) => x.aggregateId === openai.body.id && x.type === 'ProviderChanged'), 'ProviderChanged');
    const ev = events.of(openai.body.id)[0];
    assert.ok(ev.type === 'ProviderChanged' && ev.data.change === 'created' && ev.data.credentialsChanged);
    assert.equal(ev.aggregateVersion, 1);
  });

  it('rejects bad providers naming the field', async () => {
    const cases: Array<[unknown, number, string]> = [
      [{ name: 'x', vendor: 'google' }, 400, 'vendor'],
      [{ name: 'x', vendor: 'azure', baseUrl: 'https://r.openai.azure.com/openai' }, 400, 'apiVersion'],
      [{ name: 'x', vendor: 'openai-compatible' }, 400, 'baseUrl'],
      [{ name: 'x', vendor: 'openai', baseUrl: 'javascript:alert(1)' }, 400, 'baseUrl'],
      [{ name: 'x', vendor: 'openai', keys: [{ secret: 'short' }] }, 400, 'keys.0.secret'],
      [{ name: 'x', vendor: 'openai', keys: [{ secret: 'has spaces in it' }] }, 400, 'keys.0.secret'],
      [{ name: 'x', vendor: 'openai', keys: [{ secret: SECRET_A, weight: 5000 }] }, 400, 'keys.0.weight'],
      [{ name: 'x', vendor: 'openai', models: [{ name: 'a' }, { name: 'a' }] }, 409, 'models.1.name'],
      [{ name: 'x', vendor: 'openai', models: [{ name: 'a', modelId: '00000000-0000-4000-8000-000000000000' }] }, 422, 'models.0.modelId'],
      [{ name: 'x', vendor: 'openai', secret: SECRET_A }, 400, 'secret'],
      [{ name: 'OpenAI US-West', vendor: 'openai' }, 409, 'name'],
    ];
    for (const [body, status, field] of cases) {
      const res = await api('POST', base, body);
      assert.equal(res.status, status, `${field}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.error.field, field, JSON.stringify(res.body));
      assert.equal(JSON.stringify(res.body).includes(SECRET_A), false, 'no secret echoed in errors');
    }
  });

  it('keys: add, edit, enable/disable, rotate, remove; the secret never comes back', async () => {
    const p = (await api('POST', base, { name: 'Keyed', vendor: 'openai', keys: [{ secret: SECRET_A }] })).body;
    const keys = `${base}/${p.id}/keys`;
    const added = await api('POST', keys, { secret: SECRET_B, description: 'second', weight: 3 });
    assert.equal(added.status, 201, JSON.stringify(added.body));
    assert.deepEqual([added.body.maskedSecret, added.body.weight, added.body.description], ['****2222', 3, 'second']);
    assert.equal('secret' in added.body, false);
    const id = added.body.id;
    const disabled = await api('PATCH', `${keys}/${id}`, { enabled: false, description: 'paused' });
    assert.deepEqual([disabled.status, disabled.body.enabled, disabled.body.description], [200, false, 'paused']);
    assert.equal((await api('PATCH', `${keys}/${id}`, { secret: SECRET_C })).status, 400, 'the secret changes only by rotate');
    const rotated = await api('POST', `${keys}/${id}/rotate`, { secret: SECRET_C });
    assert.equal(rotated.status, 200);
    assert.equal(rotated.body.maskedSecret, '****3333');
    const row = await h.db.providerKey.findUniqueOrThrow({ where: { id } });
    assert.equal(await h.running.app.get(SecretBox).open(row, id), SECRET_C);
    const listed = await api('GET', keys, undefined, member);
    assert.equal(listed.status, 200);
    assert.equal(JSON.stringify(listed.body).includes('CCCC'), false);
    const asAdminGet = await api('GET', `${base}/${p.id}`, undefined, h.adminToken);
    assert.equal(JSON.stringify(asAdminGet.body).includes('CCCC'), false, 'not even to platform admins');
    assert.equal((await api('DELETE', `${keys}/${id}`)).status, 204);
    assert.equal((await api('DELETE', `${keys}/${id}`)).status, 404);
    assert.equal((await api('POST', `${keys}/not-a-uuid/rotate`, { secret: SECRET_C })).status, 404);
    await events.waitFor((e) => e.filter((x) => x.aggregateId === p.id).length === 5, 'five ProviderChanged');
    const mine = events.of(p.id);
    assert.deepEqual(mine.map((e) => e.aggregateVersion), [1, 2, 3, 4, 5]);
    assert.deepEqual(mine.map((e) => e.type === 'ProviderChanged' && e.data.credentialsChanged), [true, true, true, true, true]);
  });

  it('provider models: CRUD with 409 on duplicates and logical model links', async () => {
    const p = (await api('POST', base, { name: 'Models', vendor: 'openai' })).body;
    const models = `${base}/${p.id}/models`;
    const logical = await api('POST', `/api/v1/workspaces/${ws}/models`, { name: 'gpt-4o', kind: 'chat', contextWindow: 128000 });
    const m = await api('POST', models, { name: 'gpt-4o', upstreamName: 'gpt-4o-2024-08-06', modelId: logical.body.id });
    assert.equal(m.status, 201, JSON.stringify(m.body));
    assert.equal(m.body.modelId, logical.body.id);
    assert.equal((await api('POST', models, { name: 'gpt-4o' })).status, 409);
    const upd = await api('PATCH', `${models}/${m.body.id}`, { upstreamName: 'gpt-4o' });
    assert.equal(upd.body.upstreamName, 'gpt-4o');
    assert.equal((await api('GET', models, undefined, member)).body.length, 1);
    assert.equal((await api('POST', models, { name: 'x' }, member)).status, 403);
    assert.equal((await api('DELETE', `${models}/${m.body.id}`)).status, 204);
    assert.equal((await api('DELETE', `${models}/${m.body.id}`)).status, 404);
  });

  it('discovery: calls <baseUrl>/models with the key and registers what is new', async () => {
    const p = (await api('POST', base, {
      name: 'Discover',
      vendor: 'openai-compatible',
      baseUrl: `${upstream.url}/v1`,
      keys: [{ secret: SECRET_B, weight: 1 }, { secret: SECRET_A, weight: 5 }],
      models: [{ name: 'gpt-4o-mini' }],
    })).body;
    const listOnly = await api('POST', `${base}/${p.id}/discover`, { register: false });
    assert.equal(listOnly.status, 200, JSON.stringify(listOnly.body));
    assert.deepEqual(listOnly.body.found, ['gpt-4o', 'gpt-4o-mini', 'weird model name'].filter((x) => !x.includes(' ')));
    assert.deepEqual(listOnly.body.added, []);
    const last = upstream.requests[upstream.requests.length - 1];
    assert.equal(last.url, '/v1/models');
    assert.equal(last.headers.authorization, `Bearer ${SECRET_A}`, 'the enabled key with the highest weight');

    const res = await api('POST', `${base}/${p.id}/discover`, {});
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.added.map((m: { name: string }) => m.name), ['gpt-4o']);
    assert.deepEqual(res.body.existing, ['gpt-4o-mini']);
    assert.deepEqual((await api('GET', `${base}/${p.id}/models`)).body.map((m: { name: string }) => m.name), ['gpt-4o', 'gpt-4o-mini']);
    const again = await api('POST', `${base}/${p.id}/discover`);
    assert.deepEqual(again.body.added, []);

    const weakKey = (await api('GET', `${base}/${p.id}`)).body.keys.find((k: { weight: number }) => k.weight === 1).id;
    const rejected = await api('POST', `${base}/${p.id}/discover`, { keyId: weakKey });
    assert.equal(rejected.status, 502);
    assert.match(rejected.body.error.message, /rejected the key/);
    assert.equal(JSON.stringify(rejected.body).includes(SECRET_B), false);
    assert.equal((await api('POST', `${base}/${p.id}/discover`, { keyId: '00000000-0000-4000-8000-000000000000' })).status, 422);
    assert.equal((await api('POST', `${base}/${p.id}/discover`, { register: 'yes' })).status, 400);
  });

  it('discovery speaks each vendor: anthropic x-api-key + anthropic-version, azure api-key + api-version', async () => {
    const anthropic = (await api('POST', base, { name: 'Claude', vendor: 'anthropic', baseUrl: `${upstream.url}/v1`, keys: [{ secret: SECRET_A }] })).body;
    assert.equal((await api('POST', `${base}/${anthropic.id}/discover`, { register: false })).status, 200);
    let last = upstream.requests[upstream.requests.length - 1];
    assert.equal(last.headers['x-api-key'], SECRET_A);
    assert.equal(last.headers['anthropic-version'], '2023-06-01');
    assert.equal(last.headers.authorization, undefined);

    const azure = (await api('POST', base, {
      name: 'AzureLocal',
      vendor: 'azure',
      baseUrl: `${upstream.url}/openai`,
      apiVersion: '2024-06-01',
      keys: [{ secret: SECRET_A }],
    })).body;
    assert.equal((await api('POST', `${base}/${azure.id}/discover`, { register: false })).status, 200);
    last = upstream.requests[upstream.requests.length - 1];
    assert.equal(last.url, '/openai/models?api-version=2024-06-01');
    assert.equal(last.headers['api-key'], SECRET_A);
  });

  it('discovery failures are 502 without the key: unreachable, no enabled key', async () => {
    const dead = (await api('POST', base, {
      name: 'Dead',
      vendor: 'openai-compatible',
      baseUrl: `http://127.0.0.1:${await closedPort()}/v1`,
      keys: [{ secret: SECRET_A }],
    })).body;
    const res = await api('POST', `${base}/${dead.id}/discover`);
    assert.equal(res.status, 502);
    assert.equal(JSON.stringify(res.body).includes(SECRET_A), false);
    const keyless = (await api('POST', base, { name: 'Keyless', vendor: 'openai' })).body;
    assert.equal((await api('POST', `${base}/${keyless.id}/discover`)).status, 422);
  });

  it('edit and delete providers; vendor is fixed; lists filter', async () => {
    const p = (await api('POST', base, { name: 'Editable', vendor: 'openai', keys: [{ secret: SECRET_A }] })).body;
    const path = `${base}/${p.id}`;
    // Moving a provider with keys to another host would hand its keys to that host: refused, nothing changes.
    const moved = await api('PATCH', path, { enabled: false, priority: 3, baseUrl: 'https://proxy.example.com/v1' });
    assert.equal(moved.status, 409, JSON.stringify(moved.body));
    assert.equal(moved.body.error.field, 'baseUrl');
    const samehost = await api('PATCH', path, { enabled: false, priority: 3, baseUrl: 'https://api.openai.com/v2' });
    assert.equal(samehost.status, 200, JSON.stringify(samehost.body));
    for (const k of (await api('GET', `${path}/keys`)).body) assert.equal((await api('DELETE', `${path}/keys/${k.id}`)).status, 204);
    const upd = await api('PATCH', path, { baseUrl: 'https://proxy.example.com/v1' });
    assert.equal(upd.status, 200);
    assert.deepEqual([upd.body.enabled, upd.body.priority, upd.body.baseUrl], [false, 3, 'https://proxy.example.com/v1']);
    assert.equal((await api('PATCH', path, { vendor: 'azure' })).status, 422);
    assert.equal((await api('PATCH', path, { name: 'OpenAI US-West' })).status, 409);
    assert.equal((await api('GET', `${base}?vendor=azure`)).body.items.every((x: { vendor: string }) => x.vendor === 'azure'), true);
    assert.equal((await api('GET', `${base}?enabled=false`)).body.items.some((x: { id: string }) => x.id === p.id), true);
    assert.equal((await api('GET', `${base}?q=editab`)).body.total, 1);
    assert.equal((await api('GET', `${base}?vendor=google`)).status, 400);
    assert.equal((await api('DELETE', path)).status, 204);
    assert.equal((await api('GET', path)).status, 404);
    assert.equal(await h.db.providerKey.count({ where: { providerId: p.id } }), 0);
    await events.waitFor((e) => e.some((x) => x.aggregateId === p.id && x.type === 'ProviderChanged' && x.data.change === 'deleted'), 'deleted');
  });
});
