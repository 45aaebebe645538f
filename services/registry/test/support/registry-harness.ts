// Starts the real registry in-process against a fresh PostgreSQL schema and an isolated NATS namespace.
import { randomBytes } from 'node:crypto';
import { loadConfig } from '@switchyard/config';
import { namespacedStream, Streams } from '@switchyard/contracts';
import { connectNats, drainNats } from '@switchyard/messaging';
import { createLogger } from '@switchyard/observability';
import { migrationSql, type RegistryDb } from '@switchyard/registry-store';
import type { RunningService } from '@switchyard/service-kit';
import { createTestSchema, natsNamespace } from '@switchyard/testing';
import { hashPassword } from '../../src/auth/password.hasher';
import type { Role } from '../../src/auth/principal';
import { REGISTRY_DB } from '../../src/db/registry-db.provider';
import { registryConfigSchema, type RegistryConfig } from '../../src/registry.config';
import { startRegistryService } from '../../src/registry.app';

/** The raw nats.js connection type (tests subscribe with it). */
export type NatsConnection = Awaited<ReturnType<typeof connectNats>>;

/** JSON as the API answers it (tests index into it freely). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyJson = any;

export interface ApiAnswer {
  status: number;
  body: AnyJson;
  headers: Record<string, string>;
}

export interface RegistryHarness {
  url: string;
  db: RegistryDb;
  namespace: string;
  nc: NatsConnection;
  /** The platform admin's access token. */
  adminToken: string;
  adminEmail: string;
  adminPassword: string;
  serviceToken: string;
  masterKey: string;
  config: RegistryConfig;
  running: RunningService;
  createWorkspace(name: string): Promise<{ id: string }>;
  createUser(opts: { email: string; password: string; workspaceId?: string; role?: Role }): Promise<{ id: string; token: string }>;
  /** `body`: an object is sent as JSON; a string is sent as it is (with content-type application/json). */
  api(method: string, path: string, opts?: { token?: string; body?: unknown; headers?: Record<string, string> }): Promise<ApiAnswer>;
  close(): Promise<void>;
}

export async function startRegistry(opts: { env?: Record<string, string> } = {}): Promise<RegistryHarness> {
  const schema = await createTestSchema('registry');
  for (const sql of migrationSql()) await schema.exec(sql);
  const namespace = natsNamespace('reg');
  const adminEmail = 'admin@switchyard.test';
  const adminPassword = `pw-${randomBytes(12).toString('base64url')}`;
  const env: Record<string, string> = {
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'silent',
    DATABASE_URL: schema.url,
    DATABASE_SCHEMA: schema.schema,
    NATS_URL: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
    NATS_NAMESPACE: namespace,
    SWITCHYARD_MASTER_KEY: randomBytes(32).toString('base64'),
    SWITCHYARD_SERVICE_TOKEN: `svc-${randomBytes(24).toString('base64url')}`,
    SWITCHYARD_ADMIN_EMAIL: adminEmail,
    SWITCHYARD_ADMIN_PASSWORD: adminPassword,
    OUTBOX_POLL_MS: '100',
    OUTBOX_MAX_BACKOFF_MS: '400',
    ...opts.env,
  };
  const config = loadConfig('registry', registryConfigSchema, env);
  let running: RunningService;
  try {
    running = await startRegistryService(config);
  } catch (error) {
    await schema.drop();
    throw error;
  }
  const nc = await connectNats({ url: env.NATS_URL, name: 'registry-test', logger: createLogger({ service: 'registry-test', level: 'silent' }) });
  const url = running.url;
  const db = running.app.get<typeof REGISTRY_DB, RegistryDb>(REGISTRY_DB);

  const api: RegistryHarness['api'] = async (method, path, o = {}) => {
    const headers: Record<string, string> = { ...(o.headers ?? {}) };
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    let body: string | undefined;
    if (o.body !== undefined) {
      body = typeof o.body === 'string' ? o.body : JSON.stringify(o.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(`${url}${path}`, { method, headers, body });
    const text = await res.text();
    let parsed: AnyJson = text;
    try {
      parsed = text.length ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body: parsed, headers: Object.fromEntries(res.headers.entries()) };
  };

  const login = async (email: string, password: string): Promise<string> => {
    const res = await api('POST', '/api/v1/auth/login', { body: { email, password } });
    if (res.status !== 200) throw new Error(`login of ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.accessToken as string;
  };
  const adminToken = await login(adminEmail, adminPassword);

  return {
    url,
    db,
    namespace,
    nc,
    adminToken,
    adminEmail,
    adminPassword,
    serviceToken: env.SWITCHYARD_SERVICE_TOKEN,
    masterKey: env.SWITCHYARD_MASTER_KEY,
    config,
    running,
    api,
    async createWorkspace(name) {
      const res = await api('POST', '/api/v1/workspaces', { token: adminToken, body: { name } });
      if (res.status !== 201) throw new Error(`create workspace failed: ${res.status} ${JSON.stringify(res.body)}`);
      return { id: res.body.id as string };
    },
    async createUser({ email, password, workspaceId, role }) {
      let id: string;
      if (workspaceId) {
        const res = await api('POST', `/api/v1/workspaces/${workspaceId}/members`, {
          token: adminToken,
          body: { email, password, role: role ?? 'member' },
        });
        if (res.status !== 201) throw new Error(`add member failed: ${res.status} ${JSON.stringify(res.body)}`);
        id = res.body.userId as string;
      } else {
        const user = await db.user.create({ data: { email: email.toLowerCase(), passwordHash: await hashPassword(password) } });
        id = user.id;
      }
      return { id, token: await login(email, password) };
    },
    async close() {
      await running.close();
      try {
        const jsm = await nc.jetstreamManager();
        // Every stream the registry (outbox relay, JetStream consumer) may have provisioned in this namespace.
        for (const def of [Streams.Control, Streams.DeadLetter, Streams.Usage]) {
          await jsm.streams.delete(namespacedStream(namespace, def).name).catch(() => false);
        }
      } catch {
        // NATS gone: nothing to clean
      }
      await drainNats(nc);
      await schema.drop();
    },
  };
}
