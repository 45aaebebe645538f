import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startRegistry, type RegistryHarness } from './support/registry-harness';

type Who = 'platform' | 'service' | 'admin' | 'member' | 'finance' | 'outsider';
const WHO: Who[] = ['platform', 'service', 'admin', 'member', 'finance', 'outsider'];

/** Expected status per caller; `ok` is the success status of the endpoint. */
function expect(ok: number, allowed: Who[], others: { outsider?: number; denied?: number } = {}): Record<Who, number> {
  const out = {} as Record<Who, number>;
  for (const w of WHO) {
    if (allowed.includes(w)) out[w] = ok;
    else if (w === 'outsider') out[w] = others.outsider ?? 404;
    else out[w] = others.denied ?? 403;
  }
  return out;
}

describe('roles: every caller against every endpoint of workspaces, members, API keys and audit', () => {
  let h: RegistryHarness;
  const tokens = {} as Record<Who, string>;
  let a: string;
  let b: string;
  let n = 0;

  before(async () => {
    h = await startRegistry();
    a = (await h.createWorkspace('ws-a')).id;
    b = (await h.createWorkspace('ws-b')).id;
    tokens.platform = h.adminToken;
    tokens.service = h.serviceToken;
    tokens.admin = (await h.createUser({ email: 'admin@a.io', password: 'password-admin', workspaceId: a, role: 'admin' })).token;
    tokens.member = (await h.createUser({ email: 'member@a.io', password: 'password-member', workspaceId: a, role: 'member' })).token;
    tokens.finance = (await h.createUser({ email: 'finance@a.io', password: 'password-finance', workspaceId: a, role: 'finance' })).token;
    tokens.outsider = (await h.createUser({ email: 'admin@b.io', password: 'password-outsider', workspaceId: b, role: 'admin' })).token;
  });
  after(async () => {
    await h?.close();
  });

  /** Runs one request per caller; `setup` makes a fresh target for each so deletes do not interfere. */
  async function check(
    name: string,
    expected: Record<Who, number>,
    request: (who: Who) => Promise<{ method: string; path: string; body?: unknown }>,
  ): Promise<void> {
    for (const who of WHO) {
      const r = await request(who);
      const res = await h.api(r.method, r.path, { token: tokens[who], body: r.body });
      assert.equal(res.status, expected[who], `${name} as ${who}: ${res.status} ${JSON.stringify(res.body)}`);
    }
  }

  async function freshKey(): Promise<string> {
    const res = await h.api('POST', `/api/v1/workspaces/${a}/api-keys`, { token: tokens.platform, body: { name: `k${n++}` } });
    assert.equal(res.status, 201);
    return res.body.id as string;
  }

  async function freshMember(): Promise<string> {
    const res = await h.api('POST', `/api/v1/workspaces/${a}/members`, {
      token: tokens.platform,
      body: { email: `m${n++}@a.io`, role: 'member', password: 'password-1234' },
    });
    assert.equal(res.status, 201);
    return res.body.userId as string;
  }

  it('workspaces', async () => {
    await check('create workspace', expect(201, ['platform', 'service'], { outsider: 403 }), async () => ({ method: 'POST', path: '/api/v1/workspaces', body: { name: `new-${n++}` } }));
    await check('list workspaces', expect(200, WHO), async () => ({ method: 'GET', path: '/api/v1/workspaces' }));
    await check('get workspace', expect(200, ['platform', 'service', 'admin', 'member', 'finance']), async () => ({ method: 'GET', path: `/api/v1/workspaces/${a}` }));
    await check('update workspace', expect(200, ['platform', 'service', 'admin']), async () => ({ method: 'PATCH', path: `/api/v1/workspaces/${a}`, body: { description: `d${n++}` } }));
    await check('disable workspace', expect(200, ['platform', 'service'], {}), async () => ({ method: 'PATCH', path: `/api/v1/workspaces/${a}`, body: { disabled: false } }));
    await check('delete workspace', expect(204, ['platform', 'service'], { outsider: 403 }), async (who) => {
      if (who === 'platform' || who === 'service') {
        const w = await h.createWorkspace(`doomed-${n++}`);
        return { method: 'DELETE', path: `/api/v1/workspaces/${w.id}` };
      }
      return { method: 'DELETE', path: `/api/v1/workspaces/${a}` };
    });
  });

  it('lists show only the caller\'s workspaces', async () => {
    const member = await h.api('GET', '/api/v1/workspaces', { token: tokens.member });
    assert.deepEqual(member.body.items.map((w: { id: string }) => w.id), [a]);
    const outsider = await h.api('GET', '/api/v1/workspaces', { token: tokens.outsider });
    assert.deepEqual(outsider.body.items.map((w: { id: string }) => w.id), [b]);
    const platform = await h.api('GET', '/api/v1/workspaces?limit=200', { token: tokens.platform });
    assert.ok(platform.body.total >= 2);
  });

  it('members', async () => {
    const admins = ['platform', 'service', 'admin'] as Who[];
    await check('list members', expect(200, admins), async () => ({ method: 'GET', path: `/api/v1/workspaces/${a}/members` }));
    await check('add member', expect(201, admins), async () => ({
      method: 'POST',
      path: `/api/v1/workspaces/${a}/members`,
      body: { email: `new${n++}@a.io`, role: 'finance', password: 'password-1234' },
    }));
    await check('change role', expect(200, admins), async () => ({ method: 'PATCH', path: `/api/v1/workspaces/${a}/members/${await freshMember()}`, body: { role: 'finance' } }));
    await check('remove member', expect(204, admins), async () => ({ method: 'DELETE', path: `/api/v1/workspaces/${a}/members/${await freshMember()}` }));
  });

  it('API keys', async () => {
    const admins = ['platform', 'service', 'admin'] as Who[];
    await check('create key', expect(201, admins), async () => ({ method: 'POST', path: `/api/v1/workspaces/${a}/api-keys`, body: { name: `key-${n++}` } }));
    await check('list keys', expect(200, admins), async () => ({ method: 'GET', path: `/api/v1/workspaces/${a}/api-keys` }));
    const id = await freshKey();
    await check('get key', expect(200, admins), async () => ({ method: 'GET', path: `/api/v1/workspaces/${a}/api-keys/${id}` }));
    await check('update key', expect(200, admins), async () => ({ method: 'PATCH', path: `/api/v1/workspaces/${a}/api-keys/${id}`, body: { rpmLimit: 10 + n++ } }));
    await check('revoke key', expect(200, admins), async () => ({ method: 'POST', path: `/api/v1/workspaces/${a}/api-keys/${await freshKey()}/revoke`, body: {} }));
    await check('delete key', expect(204, admins), async () => ({ method: 'DELETE', path: `/api/v1/workspaces/${a}/api-keys/${await freshKey()}` }));
  });

  it('audit', async () => {
    await check('audit of workspace A', expect(200, ['platform', 'service', 'admin']), async () => ({ method: 'GET', path: `/api/v1/audit?workspaceId=${a}` }));
    await check('audit, no filter', expect(200, ['platform', 'service', 'admin', 'outsider']), async () => ({ method: 'GET', path: '/api/v1/audit' }));
    const own = await h.api('GET', '/api/v1/audit?limit=200', { token: tokens.admin });
    assert.ok(own.body.items.length > 0);
    assert.ok(own.body.items.every((e: { workspaceId: string }) => e.workspaceId === a));
    const other = await h.api('GET', '/api/v1/audit?limit=200', { token: tokens.outsider });
    assert.ok(other.body.items.every((e: { workspaceId: string }) => e.workspaceId === b));
  });

  it('the last admin of a workspace stays', async () => {
    const ws = (await h.createWorkspace(`solo-${n++}`)).id;
    const solo = await h.createUser({ email: `solo${n++}@x.io`, password: 'password-solo', workspaceId: ws, role: 'admin' });
    const me = await h.api('GET', '/api/v1/me', { token: solo.token });
    const demote = await h.api('PATCH', `/api/v1/workspaces/${ws}/members/${me.body.id}`, { token: solo.token, body: { role: 'member' } });
    assert.equal(demote.status, 409);
    const remove = await h.api('DELETE', `/api/v1/workspaces/${ws}/members/${me.body.id}`, { token: solo.token });
    assert.equal(remove.status, 409);
  });
});
