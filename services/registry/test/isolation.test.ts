import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startRegistry, type RegistryHarness } from './support/registry-harness';

describe('tenant isolation: workspace A cannot see or touch workspace B', () => {
  let h: RegistryHarness;
  let a: string;
  let b: string;
  let aAdmin: string;
  let bKey: string;
  let bMember: string;

  before(async () => {
    h = await startRegistry();
    a = (await h.createWorkspace('tenant-a')).id;
    b = (await h.createWorkspace('tenant-b')).id;
    aAdmin = (await h.createUser({ email: 'boss@a.io', password: 'password-boss', workspaceId: a, role: 'admin' })).token;
    const bOwner = await h.createUser({ email: 'boss@b.io', password: 'password-bboss', workspaceId: b, role: 'admin' });
    bMember = bOwner.id;
    const key = await h.api('POST', `/api/v1/workspaces/${b}/api-keys`, { token: bOwner.token, body: { name: 'b-secret-key' } });
    bKey = key.body.id;
  });
  after(async () => {
    await h?.close();
  });

  it("an admin of A gets 404 for B's workspace, members, keys and audit, whatever the verb", async () => {
    const attempts: Array<[string, string, unknown?]> = [
      ['GET', `/api/v1/workspaces/${b}`],
      ['PATCH', `/api/v1/workspaces/${b}`, { description: 'pwned' }],
      ['GET', `/api/v1/workspaces/${b}/members`],
      ['POST', `/api/v1/workspaces/${b}/members`, { email: 'boss@a.io', role: 'admin' }],
      ['PATCH', `/api/v1/workspaces/${b}/members/${bMember}`, { role: 'member' }],
      ['DELETE', `/api/v1/workspaces/${b}/members/${bMember}`],
      ['GET', `/api/v1/workspaces/${b}/api-keys`],
      ['POST', `/api/v1/workspaces/${b}/api-keys`, { name: 'sneaky' }],
      ['GET', `/api/v1/workspaces/${b}/api-keys/${bKey}`],
      ['PATCH', `/api/v1/workspaces/${b}/api-keys/${bKey}`, { rpmLimit: 1 }],
      ['POST', `/api/v1/workspaces/${b}/api-keys/${bKey}/revoke`, {}],
      ['DELETE', `/api/v1/workspaces/${b}/api-keys/${bKey}`],
      ['GET', `/api/v1/audit?workspaceId=${b}`],
    ];
    for (const [method, path, body] of attempts) {
      const res = await h.api(method, path, { token: aAdmin, body });
      assert.equal(res.status, 404, `${method} ${path}: ${res.status}`);
      assert.equal(res.body.error.code, 'not_found');
    }
  });

  it("B's key addressed through A's own path is 404 too", async () => {
    for (const [method, suffix, body] of [
      ['GET', '', undefined],
      ['PATCH', '', { rpmLimit: 1 }],
      ['POST', '/revoke', {}],
      ['DELETE', '', undefined],
    ] as Array<[string, string, unknown]>) {
      const res = await h.api(method, `/api/v1/workspaces/${a}/api-keys/${bKey}${suffix}`, { token: aAdmin, body });
      assert.equal(res.status, 404, `${method} ${suffix}`);
    }
    const key = await h.db.apiKey.findUniqueOrThrow({ where: { id: bKey } });
    assert.equal(key.revokedAt, null);
    assert.equal(key.rpmLimit, null);
  });

  it("B's member addressed through A's path is 404", async () => {
    const res = await h.api('PATCH', `/api/v1/workspaces/${a}/members/${bMember}`, { token: aAdmin, body: { role: 'member' } });
    assert.equal(res.status, 404);
  });

  it('a workspace that does not exist looks the same as one of another tenant', async () => {
    const ghost = '00000000-0000-4000-8000-000000000000';
    const other = await h.api('GET', `/api/v1/workspaces/${b}/api-keys`, { token: aAdmin });
    const missing = await h.api('GET', `/api/v1/workspaces/${ghost}/api-keys`, { token: aAdmin });
    const garbage = await h.api('GET', '/api/v1/workspaces/not-a-uuid/api-keys', { token: aAdmin });
    assert.deepEqual(other.body, missing.body);
    assert.deepEqual(other.body, garbage.body);
  });

  it("B's audit entries never show in A's audit log", async () => {
    const res = await h.api('GET', '/api/v1/audit?limit=200', { token: aAdmin });
    assert.equal(res.status, 200);
    assert.ok(res.body.items.every((e: { workspaceId: string }) => e.workspaceId === a));
  });
});
