// Real processes for the dashboard's end-to-end test: the registry (own PostgreSQL schema in switchyard_test, own
// NATS namespace) and `next start` on free ports. Uses psql for the schema so the dashboard imports no adapter.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..', '..');
const baseUrl = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/switchyard_test';

export interface RunningProcess {
  url: string;
  logs: () => string;
  stop: () => Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

async function waitHttp(url: string, timeoutMs: number, child: ChildProcess, logs: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`process exited (${child.exitCode}) before ${url} was ready:\n${logs().slice(-2000)}`);
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) }).catch(() => null);
    if (res?.ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} not ready after ${timeoutMs} ms:\n${logs().slice(-2000)}`);
}

function startNode(args: string[], cwd: string, env: Record<string, string | undefined>): { child: ChildProcess; logs: () => string } {
  let out = '';
  const child = spawn(process.execPath, args, { cwd, env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  child.stdout?.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-50_000)));
  child.stderr?.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-50_000)));
  return { child, logs: () => out };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }, 5000);
  await exited;
  clearTimeout(timer);
}

function psql(sql: string, schema?: string): void {
  execFileSync('psql', [baseUrl, '-v', 'ON_ERROR_STOP=1', '-q', '-c', sql], {
    env: { ...process.env, ...(schema ? { PGOPTIONS: `-c search_path=${schema}` } : {}) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

export interface RegistryProcess extends RunningProcess {
  adminEmail: string;
  adminPassword: string;
  serviceToken: string;
  natsNamespace: string;
}

export async function startRegistry(): Promise<RegistryProcess> {
  const schema = `t_web_${randomBytes(5).toString('hex')}`;
  psql(`CREATE SCHEMA "${schema}"`);
  const migrations = path.join(root, 'libs', 'registry-store', 'prisma', 'migrations');
  for (const dir of fs.readdirSync(migrations, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort()) {
    psql(fs.readFileSync(path.join(migrations, dir, 'migration.sql'), 'utf8'), schema);
  }
  const port = await freePort();
  const adminEmail = 'admin@web-e2e.test';
  const adminPassword = `pw-${randomBytes(8).toString('hex')}`;
  const url = new URL(baseUrl);
  url.searchParams.set('schema', schema);
  const serviceToken = `svc-${randomBytes(20).toString('hex')}`;
  const natsNamespace = `webe2e_${randomBytes(4).toString('hex')}`;
  const { child, logs } = startNode(['-r', '@swc-node/register', 'src/main.ts'], path.join(root, 'services', 'registry'), {
    PATH: process.env.PATH,
    SWC_NODE_PROJECT: path.join(root, 'tsconfig.base.json'),
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    DATABASE_URL: url.toString(),
    DATABASE_SCHEMA: schema,
    NATS_NAMESPACE: natsNamespace,
    SWITCHYARD_MASTER_KEY: randomBytes(32).toString('base64'),
    SWITCHYARD_SERVICE_TOKEN: serviceToken,
    SWITCHYARD_ADMIN_EMAIL: adminEmail,
    SWITCHYARD_ADMIN_PASSWORD: adminPassword,
    CONNECTIVITY_TIMEOUT_MS: '1000',
  });
  const base = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await stopChild(child);
    psql(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    deleteStreams(natsNamespace);
  };
  try {
    await waitHttp(`${base}/readyz`, 60_000, child, logs);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: base, logs, stop, adminEmail, adminPassword, serviceToken, natsNamespace };
}

/** The billing service (it migrates its own schema) checking tokens against the given registry. */
export async function startBilling(registry: RegistryProcess): Promise<RunningProcess> {
  const schema = `t_webbill_${randomBytes(5).toString('hex')}`;
  const port = await freePort();
  const { child, logs } = startNode(['-r', '@swc-node/register', 'src/main.ts'], path.join(root, 'services', 'billing'), {
    PATH: process.env.PATH,
    SWC_NODE_PROJECT: path.join(root, 'tsconfig.base.json'),
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    DATABASE_URL: baseUrl,
    BILLING_SCHEMA: schema,
    NATS_NAMESPACE: registry.natsNamespace,
    REGISTRY_URL: registry.url,
    SWITCHYARD_SERVICE_TOKEN: registry.serviceToken,
  });
  const base = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await stopChild(child);
    psql(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  };
  try {
    await waitHttp(`${base}/readyz`, 60_000, child, logs);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: base, logs, stop };
}

/** `next start` of the built dashboard (run `npx next build` first). */
export async function startDashboard(env: Record<string, string>): Promise<RunningProcess> {
  const webDir = path.join(root, 'web');
  const port = await freePort();
  const nextBin = require.resolve('next/dist/bin/next', { paths: [webDir] });
  const { child, logs } = startNode([nextBin, 'start', '-p', String(port), '-H', '127.0.0.1'], webDir, {
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    ...env,
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitHttp(`${base}/healthz`, 60_000, child, logs);
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  return { url: base, logs, stop: () => stopChild(child) };
}

export function dashboardBuilt(): boolean {
  return fs.existsSync(path.join(root, 'web', '.next', 'BUILD_ID'));
}

/**
 * Removes the JetStream streams the services provisioned in the test's namespace. In a child `node` (like psql for
 * the schema): the dashboard project itself imports no adapter.
 */
function deleteStreams(namespace: string): void {
  const script = `const { connect } = require('nats');
(async () => {
  const nc = await connect({ servers: process.env.NATS_URL || 'nats://127.0.0.1:4222', timeout: 2000 });
  const jsm = await nc.jetstreamManager();
  for (const s of ['SY_CONTROL', 'SY_DLQ', 'SY_USAGE']) await jsm.streams.delete(process.argv[1] + '_' + s).catch(() => false);
  await nc.close();
})().catch(() => undefined);`;
  try {
    execFileSync(process.execPath, ['-e', script, namespace], { stdio: 'ignore', timeout: 10_000 });
  } catch {
    // NATS gone: nothing to clean
  }
}
