import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { namespacedStream, Streams } from '@switchyard/contracts';
import { connectNats, drainNats } from '@switchyard/messaging';
import { createLogger } from '@switchyard/observability';
import { migrationSql } from '@switchyard/registry-store';
import { createTestSchema, getFreePort, natsNamespace, waitFor, type TestSchema } from '@switchyard/testing';

/** The registry as a real process (npm start runs this): boots from the environment, logs without secrets. */
describe('registry process: main.ts boot, config errors, logs free of secrets', () => {
  let schema: TestSchema;
  let child: ChildProcess | undefined;
  let logs = '';
  let base = '';
  const password = `pw-${randomBytes(10).toString('hex')}`;
  const serviceToken = `svc-${randomBytes(20).toString('hex')}`;
  const masterKey = randomBytes(32).toString('base64');
  const namespace = natsNamespace('regproc');

  function envFor(port: number): NodeJS.ProcessEnv {
    return {
      PATH: process.env.PATH,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'debug',
      DATABASE_URL: schema.url,
      DATABASE_SCHEMA: schema.schema,
      NATS_NAMESPACE: namespace,
      SWITCHYARD_MASTER_KEY: masterKey,
      SWITCHYARD_SERVICE_TOKEN: serviceToken,
      SWITCHYARD_ADMIN_EMAIL: 'root@switchyard.test',
      SWITCHYARD_ADMIN_PASSWORD: password,
    };
  }

  before(async () => {
    schema = await createTestSchema('regproc');
    for (const sql of migrationSql()) await schema.exec(sql);
    const port = await getFreePort();
    base = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, ['-r', '@swc-node/register', 'src/main.ts'], {
      cwd: path.join(__dirname, '..'),
      env: envFor(port),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (d: Buffer) => (logs += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (logs += d.toString()));
    await waitFor('registry ready', async () => (await fetch(`${base}/readyz`).catch(() => null))?.status === 200, { timeoutMs: 30_000, intervalMs: 200 });
  });

  after(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child?.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await schema?.drop();
    const nc = await connectNats({ url: 'nats://127.0.0.1:4222', name: 'registry-test', logger: createLogger({ service: 't', level: 'silent' }) });
    const jsm = await nc.jetstreamManager();
    for (const def of [Streams.Control, Streams.DeadLetter]) await jsm.streams.delete(namespacedStream(namespace, def).name).catch(() => false);
    await drainNats(nc);
  });

  it('serves login, keys and docs; nothing secret reaches the logs', async () => {
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'root@switchyard.test', password }),
    });
    assert.equal(login.status, 200);
    const tokens = (await login.json()) as { accessToken: string; refreshToken: string };
    const auth = { authorization: `Bearer ${tokens.accessToken}`, 'content-type': 'application/json' };
    const ws = (await (await fetch(`${base}/api/v1/workspaces`, { method: 'POST', headers: auth, body: JSON.stringify({ name: 'proc' }) })).json()) as { id: string };
    const key = (await (
      await fetch(`${base}/api/v1/workspaces/${ws.id}/api-keys`, { method: 'POST', headers: auth, body: JSON.stringify({ name: 'k' }) })
    ).json()) as { key: string };
    assert.match(key.key, /^sk-sy-/);
    const bad = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'root@switchyard.test', password: `${password}-wrong` }),
    });
    assert.equal(bad.status, 401);
    const svc = await fetch(`${base}/api/v1/me`, { headers: { authorization: `Bearer ${serviceToken}` } });
    assert.equal(svc.status, 200);
    assert.equal((await fetch(`${base}/api/docs`)).status, 200);
    await new Promise((r) => setTimeout(r, 300));
    assert.ok(logs.includes('registry listening'), 'the process logged its start');
    for (const secret of [password, serviceToken, masterKey, key.key, tokens.accessToken, tokens.refreshToken]) {
      assert.ok(!logs.includes(secret), `a secret leaked into the logs: ${secret.slice(0, 6)}…`);
    }
  });

  it('a bad variable stops the process with one line naming it', async () => {
    const port = await getFreePort();
    const out = await new Promise<{ code: number | null; text: string }>((resolve) => {
      const p = spawn(process.execPath, ['-r', '@swc-node/register', 'src/main.ts'], {
        cwd: path.join(__dirname, '..'),
        env: { ...envFor(port), SWITCHYARD_MASTER_KEY: 'too-short' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let text = '';
      p.stdout.on('data', (d: Buffer) => (text += d.toString()));
      p.stderr.on('data', (d: Buffer) => (text += d.toString()));
      p.on('exit', (code) => resolve({ code, text }));
    });
    assert.equal(out.code, 1);
    assert.match(out.text, /SWITCHYARD_MASTER_KEY/);
  });
});
