import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import {
  authorizeCredentialsRequest,
  decodeRegistrySnapshot,
  isRequestErrorReply,
  openCredentialsReply,
  type CredentialsAuth,
} from '@switchyard/contracts';
import type { RequestClient } from '@switchyard/messaging';
import { EnvelopeCipher } from '../src/secrets/envelope-cipher';
import { LocalKeyProvider, masterKeyId } from '../src/secrets/key-provider';
import { rotateMasterKey } from '../src/secrets/master-key-rotation';
import { startRegistry, type RegistryHarness } from './support/registry-harness';
import { requestClient, requestCredentials, requestJson } from './support/nats-requests';

const oldKey = randomBytes(32).toString('base64');
const newKey = randomBytes(32).toString('base64');
const oldId = masterKeyId(Buffer.from(oldKey, 'base64'));
const newId = masterKeyId(Buffer.from(newKey, 'base64'));

function runRotation(h: RegistryHarness, extra: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', path.join(__dirname, '..', 'src/secrets/rotate-master-key.command.ts')], {
      cwd: path.join(__dirname, '..'),
      env: {
        PATH: process.env.PATH,
        DATABASE_URL: h.config.DATABASE_URL,
        DATABASE_SCHEMA: h.config.DATABASE_SCHEMA,
        SWITCHYARD_MASTER_KEY: newKey,
        SWITCHYARD_PREVIOUS_MASTER_KEY: oldKey,
        ...extra,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, out }));
  });
}

describe('secrets: provider credentials over NATS, snapshot, master-key rotation', () => {
  let h: RegistryHarness;
  let client: RequestClient;
  let providerId: string;
  const secrets = new Map<string, string>();

  before(async () => {
    // The service runs mid-rotation: new key current, old key still accepted.
    h = await startRegistry({ env: { SWITCHYARD_MASTER_KEY: newKey, SWITCHYARD_PREVIOUS_MASTER_KEY: oldKey } });
    client = requestClient(h.nc, h.namespace);
    const ws = (await h.createWorkspace('secret-ws')).id;
    const provider = await h.db.provider.create({ data: { workspaceId: ws, name: 'openai', vendor: 'openai', baseUrl: 'https://api.openai.com' } });
    providerId = provider.id;
    const oldCipher = new EnvelopeCipher(new LocalKeyProvider(oldKey));
    for (let i = 0; i < 5; i++) {
      const id = randomUUID();
      const secret = `sk-live-${randomBytes(16).toString('hex')}`;
      secrets.set(id, secret);
      const sealed = await oldCipher.seal(secret, id);
      await h.db.providerKey.create({ data: { id, providerId, description: `key ${i}`, weight: i + 1, ...sealed, enabled: i !== 4 } });
    }
  });
  after(async () => {
    await h?.close();
  });

  it('credentials are refused without a proof of the service token, with a wrong or stale one, and for garbage requests', async () => {
    const now = Date.now();
    const proofs: unknown[] = [
      undefined,
      {},
      authorizeCredentialsRequest('wrong-token-wrong-token', 'gateway', providerId),
      authorizeCredentialsRequest(h.serviceToken, 'gateway', randomUUID()), // made for another provider
      authorizeCredentialsRequest(h.serviceToken, 'billing', providerId), // made for another requester
      authorizeCredentialsRequest(h.serviceToken, 'gateway', providerId, now - 5 * 60_000), // stale: a replay
      { ...authorizeCredentialsRequest(h.serviceToken, 'gateway', providerId), mac: h.serviceToken }, // the token itself
    ];
    for (const auth of proofs) {
      const { raw, json } = await requestJson(client, 'ProviderCredentials', { requester: 'gateway', providerId, auth: auth as CredentialsAuth });
      assert.ok(isRequestErrorReply(json), raw);
      assert.equal(json.error.code, 'unauthorized');
      for (const s of secrets.values()) assert.ok(!raw.includes(s));
    }
    const bad = await requestCredentials(client, h.serviceToken, { providerId: "'; DROP TABLE x" });
    assert.ok(isRequestErrorReply(bad.json));
    assert.equal(bad.json.error.code, 'bad_request');
    const missing = await requestCredentials(client, h.serviceToken, { providerId: randomUUID() });
    assert.ok(isRequestErrorReply(missing.json));
    assert.equal(missing.json.error.code, 'not_found');
  });

  it('the service identity gets the decrypted enabled keys, sealed: nothing readable on the bus without the token', async () => {
    const { raw, reply } = await requestCredentials(client, h.serviceToken, { providerId });
    assert.ok(reply);
    assert.equal(reply.providerId, providerId);
    assert.equal(reply.keys.length, 4);
    for (const k of reply.keys) assert.equal(k.secret, secrets.get(k.id));
    for (const s of secrets.values()) assert.ok(!raw.includes(s), 'no secret in the reply as it travels');
    assert.ok(!raw.includes(h.serviceToken));
    const one = [...secrets.keys()][4];
    const only = await requestCredentials(client, h.serviceToken, { providerId, keyIds: [one] });
    assert.deepEqual(only.reply?.keys.map((k) => [k.id, k.secret, k.enabled]), [[one, secrets.get(one), false]]);
  });

  it('a bus reader sees neither the token nor a secret, and replaying a request gets it nothing it can open', async () => {
    const sniffed: string[] = [];
    const sub = h.nc.subscribe('>', { callback: (_err, m) => sniffed.push(Buffer.from(m.data).toString('utf8') + JSON.stringify(m.headers ? [...m.headers.keys()].map((k) => m.headers?.get(k)) : [])) });
    const auth = authorizeCredentialsRequest(h.serviceToken, 'gateway', providerId);
    const first = await requestJson(client, 'ProviderCredentials', { requester: 'gateway', providerId, auth });
    const replayed = await requestJson(client, 'ProviderCredentials', { requester: 'gateway', providerId, auth });
    await h.nc.flush();
    sub.unsubscribe();
    assert.ok(sniffed.length >= 4, `request and reply seen twice (${sniffed.length})`);
    for (const m of sniffed) {
      assert.ok(!m.includes(h.serviceToken), 'the token never travels');
      for (const s of secrets.values()) assert.ok(!m.includes(s), 'no secret travels in clear');
    }
    // The replayed request is answered (within the clock window) but sealed under a fresh IV for the same nonce:
    // only the token holder opens it, which the replayer is not.
    assert.throws(() => openCredentialsReply('not-the-token-0123456789', auth.nonce, providerId, replayed.json));
    assert.deepEqual(openCredentialsReply(h.serviceToken, auth.nonce, providerId, first.json), openCredentialsReply(h.serviceToken, auth.nonce, providerId, replayed.json));
  });

  it('the snapshot decodes, carries masked keys only, and never a secret', async () => {
    const bytes = await client.request('RegistrySnapshot', { requester: 'test' });
    const raw = Buffer.from(bytes).toString('utf8');
    for (const s of secrets.values()) assert.ok(!raw.includes(s));
    const snap = decodeRegistrySnapshot(bytes);
    const p = snap.providers.find((x) => x.id === providerId);
    assert.ok(p);
    assert.equal(p.keys.length, 5);
    for (const k of p.keys) assert.equal(k.maskedSecret, `****${secrets.get(k.id)?.slice(-4)}`);
    assert.ok(!raw.includes('ciphertext') && !raw.includes('wrappedKey'));
  });

  it('rotate-master-key re-wraps every data key in batches; the service keeps serving; the old key can go', async () => {
    const before = await h.db.providerKey.findMany({ orderBy: { id: 'asc' } });
    assert.ok(before.every((k) => k.kekId === oldId));
    const run = await runRotation(h, { ROTATION_BATCH_SIZE: '2' });
    assert.equal(run.code, 0, run.out);
    assert.match(run.out, /"rewrapped":5/);
    assert.match(run.out, /"remaining":0/);
    const afterRows = await h.db.providerKey.findMany({ orderBy: { id: 'asc' } });
    assert.ok(afterRows.every((k) => k.kekId === newId));
    assert.deepEqual(afterRows.map((k) => k.ciphertext), before.map((k) => k.ciphertext));
    for (const s of secrets.values()) assert.ok(!run.out.includes(s));
    assert.ok(!run.out.includes(oldKey) && !run.out.includes(newKey));

    // the running service still answers
    const served = await requestCredentials(client, h.serviceToken, { providerId });
    assert.equal(served.reply?.keys.length, 4);
    // and the new key alone opens everything
    const onlyNew = new EnvelopeCipher(new LocalKeyProvider(newKey));
    for (const row of afterRows) assert.equal(await onlyNew.open(row, row.id), secrets.get(row.id));
    // re-running is a no-op
    const again = await runRotation(h, {});
    assert.equal(again.code, 0, again.out);
    assert.match(again.out, /"rewrapped":0/);
  });

  it('a data key under an unknown master key is reported, not lost', async () => {
    const stranger = randomBytes(32).toString('base64');
    const id = randomUUID();
    const sealed = await new EnvelopeCipher(new LocalKeyProvider(stranger)).seal('sk-stranger-0000', id);
    await h.db.providerKey.create({ data: { id, providerId, ...sealed } });
    const result = await rotateMasterKey(h.db, new LocalKeyProvider(newKey, [oldKey]), { batchSize: 1 });
    assert.deepEqual({ rewrapped: result.rewrapped, failed: result.failed }, { rewrapped: 0, failed: 1 });
    const row = await h.db.providerKey.findUniqueOrThrow({ where: { id } });
    assert.equal(row.wrappedKey, sealed.wrappedKey);
    const run = await runRotation(h, {});
    assert.equal(run.code, 2);
    await h.db.providerKey.delete({ where: { id } });
  });

  it('a provider key created through the API: masked in answers, absent from audit, events and snapshot; only credentials carry it', async () => {
    const ws = (await h.createWorkspace('e2e-secret-ws')).id;
    const secret = `sk-e2e-${randomBytes(20).toString('hex')}`;
    const created = await h.api('POST', `/api/v1/workspaces/${ws}/providers`, {
      token: h.adminToken,
      body: { name: 'e2e-openai', vendor: 'openai', keys: [{ secret, description: 'main' }] },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.ok(!JSON.stringify(created.body).includes(secret));
    const pid = created.body.id as string;
    const badKey = await h.api('POST', `/api/v1/workspaces/${ws}/providers/${pid}/keys`, { token: h.adminToken, body: { secret: 'short' } });
    assert.equal(badKey.status, 400);
    assert.ok(!JSON.stringify(badKey.body).includes('short'), 'the refused secret is not echoed');
    const audit = await h.api('GET', `/api/v1/audit?workspaceId=${ws}&limit=200`, { token: h.adminToken });
    assert.ok(audit.body.total > 0);
    assert.ok(!JSON.stringify(audit.body).includes(secret));
    const auditRows = await h.db.auditLog.findMany({ where: { workspaceId: ws } });
    assert.ok(!JSON.stringify(auditRows, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v)).includes(secret));
    const outbox = await h.db.outboxEvent.findMany({ where: { workspaceId: ws } });
    assert.ok(outbox.length > 0);
    assert.ok(!JSON.stringify(outbox.map((o) => o.payload)).includes(secret));
    const snapRaw = Buffer.from(await client.request('RegistrySnapshot', { requester: 'test' })).toString('utf8');
    assert.ok(!snapRaw.includes(secret));
    const { raw, reply } = await requestCredentials(client, h.serviceToken, { providerId: pid });
    assert.deepEqual(reply?.keys.map((k) => k.secret), [secret]);
    assert.ok(!raw.includes(secret), 'sealed on the bus');
  });

  it('a ciphertext moved onto another row does not decrypt (bound to its row)', async () => {
    const [a, b] = await h.db.providerKey.findMany({ orderBy: { id: 'asc' }, take: 2 });
    const box = new EnvelopeCipher(new LocalKeyProvider(newKey));
    await assert.rejects(box.open({ ciphertext: a.ciphertext, wrappedKey: a.wrappedKey, kekId: a.kekId }, b.id));
  });
});
