import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startRegistry, type RegistryHarness } from './support/registry-harness';

const HOSTILE = [
  "'; DROP TABLE registry.users; --",
  '<script>alert("x")</script>',
  "Robert'); DELETE FROM api_keys WHERE ('1'='1",
  '{{constructor.constructor("return process")()}}',
  'ünïcødé ✓ 名前',
];

describe('bad input: validation, sizes, hostile strings', () => {
  let h: RegistryHarness;
  let ws: string;
  before(async () => {
    h = await startRegistry();
    ws = (await h.createWorkspace('input-ws')).id;
  });
  after(async () => {
    await h?.close();
  });

  it('unknown fields and wrong types are 400 naming the field and the rule', async () => {
    const cases: Array<[string, string, unknown, string]> = [
      ['POST', '/api/v1/workspaces', { name: 'x', owner: 'me' }, 'owner'],
      ['POST', '/api/v1/workspaces', { name: 12 }, 'name'],
      ['POST', '/api/v1/workspaces', { name: '' }, 'name'],
      ['POST', '/api/v1/workspaces', { name: 'ok', slug: 'Not A Slug' }, 'slug'],
      ['POST', '/api/v1/workspaces', { name: 'ok', monthlyBudget: '-5' }, 'monthlyBudget'],
      ['POST', '/api/v1/workspaces', { name: 'ok', currency: 'dollars' }, 'currency'],
      ['PATCH', `/api/v1/workspaces/${ws}`, { budgetAlertPercents: ['50'] }, 'budgetAlertPercents.0'],
      ['POST', `/api/v1/workspaces/${ws}/api-keys`, { name: 'k', rpmLimit: -1 }, 'rpmLimit'],
      ['POST', `/api/v1/workspaces/${ws}/api-keys`, { name: 'k', rpmLimit: 1.5 }, 'rpmLimit'],
      ['POST', `/api/v1/workspaces/${ws}/api-keys`, { name: 'k', tpmLimit: '100' }, 'tpmLimit'],
      ['POST', `/api/v1/workspaces/${ws}/api-keys`, { name: 'k', expiresAt: 'tomorrow' }, 'expiresAt'],
      ['POST', `/api/v1/workspaces/${ws}/api-keys`, { name: 'k', expiresAt: '2001-01-01T00:00:00Z' }, 'expiresAt'],
      ['POST', `/api/v1/workspaces/${ws}/api-keys`, { name: 'k', allowedRoutes: 'chat' }, 'allowedRoutes'],
      ['POST', `/api/v1/workspaces/${ws}/api-keys`, { name: 'k', key: 'sk-sy-mine' }, 'key'],
      ['POST', `/api/v1/workspaces/${ws}/api-keys`, { name: 'k', userId: 'nobody' }, 'userId'],
      ['POST', `/api/v1/workspaces/${ws}/members`, { email: 'x@y.io', role: 'owner' }, 'role'],
      ['POST', `/api/v1/workspaces/${ws}/members`, { email: 'new@y.io', role: 'member' }, 'password'],
      ['POST', `/api/v1/workspaces/${ws}/members`, { email: 'new@y.io', role: 'member', password: 'short' }, 'password'],
    ];
    for (const [method, path, body, field] of cases) {
      const res = await h.api(method, path, { token: h.adminToken, body });
      assert.equal(res.status, 400, `${method} ${path} ${JSON.stringify(body)}: ${res.status} ${JSON.stringify(res.body)}`);
      assert.equal(res.body.error.code, 'invalid_request');
      assert.equal(res.body.error.field, field, JSON.stringify(res.body));
      assert.ok(res.body.error.message.startsWith(field), res.body.error.message);
    }
  });

  it('bad query parameters are 400; unknown ones are named', async () => {
    for (const [qs, field] of [
      ['limit=0', 'limit'],
      ['limit=abc', 'limit'],
      ['limit=100000', 'limit'],
      ['offset=-1', 'offset'],
      ['sort=name', 'sort'],
      ['status=zombie', 'status'],
    ]) {
      const res = await h.api('GET', `/api/v1/workspaces/${ws}/api-keys?${qs}`, { token: h.adminToken });
      assert.equal(res.status, 400, qs);
      assert.equal(res.body.error.field, field);
    }
    const audit = await h.api('GET', '/api/v1/audit?since=yesterday', { token: h.adminToken });
    assert.equal(audit.status, 400);
    assert.equal(audit.body.error.field, 'since');
  });

  it('malformed JSON, empty bodies, arrays and other media types are refused with the one error body', async () => {
    const malformed = await h.api('POST', '/api/v1/workspaces', { token: h.adminToken, body: '{"name": "x",' });
    assert.equal(malformed.status, 400);
    assert.deepEqual(Object.keys(malformed.body.error).sort(), ['code', 'message', 'status']);
    const array = await h.api('POST', '/api/v1/workspaces', { token: h.adminToken, body: '[1,2]' });
    assert.equal(array.status, 400);
    const nothing = await h.api('POST', `/api/v1/workspaces/${ws}/api-keys`, { token: h.adminToken });
    assert.equal(nothing.status, 400);
    const text = await h.api('POST', '/api/v1/workspaces', { token: h.adminToken, body: 'name=x', headers: { 'content-type': 'text/plain' } });
    assert.ok([400, 415].includes(text.status), String(text.status));
    assert.ok(text.body.error);
  });

  it('a body over 1 MB is 413', async () => {
    const res = await h.api('POST', '/api/v1/workspaces', { token: h.adminToken, body: { name: 'big', description: 'x'.repeat(1024 * 1024 + 10) } });
    assert.equal(res.status, 413);
    assert.equal(res.body.error.code, 'payload_too_large');
    const unauth = await h.api('POST', '/api/v1/auth/login', { body: { email: 'a@b.io', password: 'x'.repeat(2 * 1024 * 1024) } });
    assert.equal(unauth.status, 413);
  });

  it('SQL- and HTML-looking strings are stored and returned verbatim', async () => {
    for (const [i, s] of HOSTILE.entries()) {
      const created = await h.api('POST', '/api/v1/workspaces', { token: h.adminToken, body: { name: s, slug: `hostile-${i}`, description: s } });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const got = await h.api('GET', `/api/v1/workspaces/${created.body.id}`, { token: h.adminToken });
      assert.equal(got.body.name, s);
      assert.equal(got.body.description, s);
      const key = await h.api('POST', `/api/v1/workspaces/${ws}/api-keys`, { token: h.adminToken, body: { name: s, allowedRoutes: [s] } });
      assert.equal(key.status, 201);
      assert.equal(key.body.name, s);
      assert.deepEqual(key.body.allowedRoutes, [s]);
      assert.match(got.headers['content-type'], /application\/json/);
    }
    const search = await h.api('GET', `/api/v1/workspaces?q=${encodeURIComponent("'; DROP")}`, { token: h.adminToken });
    assert.equal(search.body.total, 1);
    assert.ok((await h.db.user.count()) >= 1, 'users table still there');
  });

  it('duplicates are 409', async () => {
    const again = await h.api('POST', '/api/v1/workspaces', { token: h.adminToken, body: { name: 'input-ws' } });
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, 'conflict');
    const k1 = await h.api('POST', `/api/v1/workspaces/${ws}/api-keys`, { token: h.adminToken, body: { name: 'dup' } });
    assert.equal(k1.status, 201);
    const k2 = await h.api('POST', `/api/v1/workspaces/${ws}/api-keys`, { token: h.adminToken, body: { name: 'dup' } });
    assert.equal(k2.status, 409);
    assert.equal(k2.body.error.field, 'name');
    await h.createUser({ email: 'twice@y.io', password: 'password-twice', workspaceId: ws });
    const m2 = await h.api('POST', `/api/v1/workspaces/${ws}/members`, { token: h.adminToken, body: { email: 'twice@y.io', role: 'admin' } });
    assert.equal(m2.status, 409);
  });

  it('concurrent creates of one name: exactly one wins, the rest are 409', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, () => h.api('POST', `/api/v1/workspaces/${ws}/api-keys`, { token: h.adminToken, body: { name: 'race' } })),
    );
    const statuses = results.map((r) => r.status).sort();
    assert.deepEqual(statuses, [201, 409, 409, 409, 409, 409, 409, 409]);
  });
});
