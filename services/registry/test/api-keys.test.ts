import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { decodeRegistrySnapshot } from '@switchyard/contracts';
import { waitFor } from '@switchyard/testing';
import { startRegistry, type RegistryHarness } from './support/registry-harness';
import { requestClient } from './support/nats-requests';
import { readControlStream } from './support/stream-reader';

describe('API keys: lifecycle, shown once, events on NATS, snapshot', () => {
  let h: RegistryHarness;
  let ws: string;
  let admin: string;
  before(async () => {
    h = await startRegistry();
    ws = (await h.createWorkspace('keys-ws')).id;
    admin = (await h.createUser({ email: 'keys@ws.io', password: 'password-keys', workspaceId: ws, role: 'admin' })).token;
  });
  after(async () => {
    await h?.close();
  });

  it('create shows the key once; only its hash and prefix are stored; list/get never return it', async () => {
    const created = await h.api('POST', `/api/v1/workspaces/${ws}/api-keys`, {
      token: admin,
      body: { name: 'backend', allowedRoutes: ['chat'], rpmLimit: 600, tpmLimit: 200000, monthlyBudget: '250.5', expiresAt: '2099-01-01T00:00:00Z' },
    });
    assert.equal(created.status, 201);
    const key = created.body.key as string;
    assert.match(key, /^sk-sy-[A-Za-z0-9_-]{43}$/);
    assert.equal(created.body.prefix, key.slice(0, 14));
    assert.equal(created.body.status, 'active');
    assert.equal(created.body.monthlyBudget, '250.5');
    assert.equal(created.body.expiresAt, '2099-01-01T00:00:00.000Z');
    const row = await h.db.apiKey.findUniqueOrThrow({ where: { id: created.body.id } });
    assert.equal(row.keyHash, createHash('sha256').update(key).digest('hex'));
    const got = await h.api('GET', `/api/v1/workspaces/${ws}/api-keys/${created.body.id}`, { token: admin });
    const list = await h.api('GET', `/api/v1/workspaces/${ws}/api-keys`, { token: admin });
    for (const text of [JSON.stringify(got.body), JSON.stringify(list.body)]) {
      assert.ok(!text.includes(key));
      assert.ok(!text.includes(row.keyHash));
      assert.ok(!text.includes('"key"'));
    }
    assert.equal(list.body.total, 1);
    const audit = await h.api('GET', `/api/v1/audit?workspaceId=${ws}&entityType=api-key`, { token: admin });
    assert.ok(!JSON.stringify(audit.body).includes(key));
  });

  it('update, revoke (ApiKeyRevoked on NATS), filters and delete', async () => {
    const created = await h.api('POST', `/api/v1/workspaces/${ws}/api-keys`, { token: admin, body: { name: 'to-revoke' } });
    const id = created.body.id as string;
    const key = created.body.key as string;
    const updated = await h.api('PATCH', `/api/v1/workspaces/${ws}/api-keys/${id}`, { token: admin, body: { rpmLimit: 5, allowedRoutes: ['a', 'b'] } });
    assert.equal(updated.status, 200);
    assert.equal(updated.body.rpmLimit, 5);
    assert.equal(updated.body.version, 2);

    const revoked = await h.api('POST', `/api/v1/workspaces/${ws}/api-keys/${id}/revoke`, { token: admin, body: { reason: 'leaked' } });
    assert.equal(revoked.status, 200);
    assert.equal(revoked.body.status, 'revoked');
    const again = await h.api('POST', `/api/v1/workspaces/${ws}/api-keys/${id}/revoke`, { token: admin });
    assert.equal(again.status, 200);
    assert.equal(again.body.version, 3);
    assert.equal((await h.api('PATCH', `/api/v1/workspaces/${ws}/api-keys/${id}`, { token: admin, body: { rpmLimit: 1 } })).status, 422);

    const events = await waitFor('ApiKeyRevoked on the stream', async () => {
      const all = await readControlStream(h.nc, h.namespace);
      return all.some((e) => e.env.type === 'ApiKeyRevoked' && e.env.aggregateId === id) ? all : null;
    });
    const mine = events.filter((e) => e.env.aggregateId === id);
    assert.deepEqual(mine.map((e) => [e.env.type, e.env.aggregateVersion]), [['ApiKeyChanged', 1], ['ApiKeyChanged', 2], ['ApiKeyRevoked', 3]]);
    const rev = mine[2];
    assert.equal(rev.subject, `${h.namespace}.sy.apikey.revoked`);
    assert.equal(rev.msgId, rev.env.id);
    assert.equal(rev.env.source, 'registry');
    assert.equal(rev.env.workspaceId, ws);
    assert.deepEqual(rev.env.data, { apiKeyId: id, workspaceId: ws, hash: createHash('sha256').update(key).digest('hex'), prefix: key.slice(0, 14), reason: 'leaked' });
    assert.ok(!JSON.stringify(events).includes(key), 'the key itself is in no event');

    const active = await h.api('GET', `/api/v1/workspaces/${ws}/api-keys?status=active`, { token: admin });
    assert.ok(active.body.items.every((k: { status: string }) => k.status === 'active'));
    const rev2 = await h.api('GET', `/api/v1/workspaces/${ws}/api-keys?status=revoked&q=REVOKE`, { token: admin });
    assert.deepEqual(rev2.body.items.map((k: { id: string }) => k.id), [id]);

    assert.equal((await h.api('DELETE', `/api/v1/workspaces/${ws}/api-keys/${id}`, { token: admin })).status, 204);
    assert.equal((await h.api('GET', `/api/v1/workspaces/${ws}/api-keys/${id}`, { token: admin })).status, 404);
    await waitFor('ApiKeyChanged deleted', async () =>
      (await readControlStream(h.nc, h.namespace)).some((e) => e.env.type === 'ApiKeyChanged' && e.env.aggregateId === id && e.env.aggregateVersion === 4),
    );
  });

  it("removing a member revokes that member's keys in the workspace (ApiKeyRevoked), and only those", async () => {
    const member = await h.createUser({ email: 'leaver@ws.io', password: 'password-leaver', workspaceId: ws, role: 'member' });
    const mine = await h.api('POST', `/api/v1/workspaces/${ws}/api-keys`, { token: admin, body: { name: 'leaver key', userId: member.id } });
    const other = await h.api('POST', `/api/v1/workspaces/${ws}/api-keys`, { token: admin, body: { name: 'team key' } });
    assert.equal(mine.status, 201, JSON.stringify(mine.body));
    assert.equal((await h.api('DELETE', `/api/v1/workspaces/${ws}/members/${member.id}`, { token: admin })).status, 204);
    assert.equal((await h.api('GET', `/api/v1/workspaces/${ws}/api-keys/${mine.body.id}`, { token: admin })).body.status, 'revoked');
    assert.equal((await h.api('GET', `/api/v1/workspaces/${ws}/api-keys/${other.body.id}`, { token: admin })).body.status, 'active');
    const revoked = await h.db.outboxEvent.findMany({ where: { type: 'ApiKeyRevoked', aggregateId: mine.body.id } });
    assert.equal(revoked.length, 1);
  });

  it('the snapshot lists active keys with hashes and limits, not revoked ones; version = last outbox id', async () => {
    const k = await h.api('POST', `/api/v1/workspaces/${ws}/api-keys`, { token: admin, body: { name: 'snap', rpmLimit: 7, allowedRoutes: ['chat'] } });
    const dead = await h.api('POST', `/api/v1/workspaces/${ws}/api-keys`, { token: admin, body: { name: 'snap-dead' } });
    await h.api('POST', `/api/v1/workspaces/${ws}/api-keys/${dead.body.id}/revoke`, { token: admin, body: {} });
    const snap = decodeRegistrySnapshot(await requestClient(h.nc, h.namespace).request('RegistrySnapshot', { requester: 'test' }));
    const last = await h.db.outboxEvent.findFirstOrThrow({ orderBy: { id: 'desc' } });
    assert.equal(snap.version, Number(last.id));
    const entry = snap.apiKeys.find((x) => x.id === k.body.id);
    assert.ok(entry);
    assert.equal(entry.hash, createHash('sha256').update(k.body.key).digest('hex'));
    assert.equal(entry.rpmLimit, 7);
    assert.deepEqual(entry.allowedRoutes, ['chat']);
    assert.equal(snap.apiKeys.find((x) => x.id === dead.body.id), undefined);
    assert.ok(snap.workspaces.some((w) => w.id === ws));
    assert.ok(!JSON.stringify(snap).includes(k.body.key));
    const ahead = await requestClient(h.nc, h.namespace).request('RegistrySnapshot', { requester: 'test', minVersion: snap.version + 1000 });
    assert.throws(() => decodeRegistrySnapshot(ahead), /version/);
  });
});
