import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  encodeRegistrySnapshot,
  namespacedStream,
  namespacedSubject,
  Requests,
  REGISTRY_SNAPSHOT_SCHEMA_VERSION,
  Streams,
  type RegistrySnapshot,
} from '@switchyard/contracts';
import { connectNats } from '@switchyard/messaging';
import { createLogger } from '@switchyard/observability';
import type { RunningService } from '@switchyard/service-kit';
import { createTestSchema, natsNamespace, type TestSchema } from '@switchyard/testing';
import { startBillingService } from '../../src/billing.app';
import { billingConfigSchema } from '../../src/billing.config';

export const SERVICE_TOKEN = 'svc-token-for-billing-tests-0123456789';
type RawNats = Awaited<ReturnType<typeof connectNats>>;

/**
 * Billing against real PostgreSQL (own schema) and NATS (own namespace). The registry's side of the wire is
 * played by the test: a responder on the real snapshot subject answering with a snapshot the test controls, and a
 * small HTTP server answering GET /api/v1/me for the tokens the test hands out.
 */
export class BillingHarness {
  billing: RunningService | undefined;
  snapshot: RegistrySnapshot;
  /** token -> what /api/v1/me answers. */
  readonly users = new Map<string, { platformAdmin: boolean; memberships: Array<{ workspaceId: string; role: string }> }>();
  private me: http.Server | undefined;
  registryUrl = '';
  nc!: RawNats;

  private constructor(readonly schema: TestSchema, readonly namespace: string) {
    this.snapshot = emptySnapshot();
  }

  static async create(): Promise<BillingHarness> {
    const h = new BillingHarness(await createTestSchema('billing'), natsNamespace('billing'));
    const logger = createLogger({ service: 'billing-test', level: 'silent' });
    h.nc = await connectNats({ url: 'nats://127.0.0.1:4222', name: 'billing-test-registry', logger });
    const sub = h.nc.subscribe(namespacedSubject(h.namespace, Requests.RegistrySnapshot));
    void (async () => {
      for await (const m of sub) m.respond(encodeRegistrySnapshot(h.snapshot));
    })();
    h.me = http.createServer((req, res) => {
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
      const user = h.users.get(token);
      if (req.url !== '/api/v1/me' || !user) {
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":{"status":401}}');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ kind: 'user', ...user }));
    });
    await new Promise<void>((r) => h.me?.listen(0, '127.0.0.1', r));
    h.registryUrl = `http://127.0.0.1:${(h.me.address() as AddressInfo).port}`;
    return h;
  }

  async start(overrides: Record<string, string> = {}): Promise<RunningService> {
    const config = billingConfigSchema.parse({
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      DATABASE_URL: this.schema.url,
      BILLING_SCHEMA: this.schema.schema,
      NATS_URL: 'nats://127.0.0.1:4222',
      NATS_NAMESPACE: this.namespace,
      REGISTRY_URL: this.registryUrl,
      SWITCHYARD_SERVICE_TOKEN: SERVICE_TOKEN,
      INGEST_BATCH_SIZE: '500',
      ...overrides,
    });
    this.billing = await startBillingService(config);
    return this.billing;
  }

  async stop(): Promise<void> {
    await this.billing?.close();
    this.billing = undefined;
  }

  async get(path: string, token?: string): Promise<{ status: number; body: string; headers: Headers }> {
    if (!this.billing) throw new Error('billing is not running');
    const res = await fetch(`${this.billing.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    return { status: res.status, body: await res.text(), headers: res.headers };
  }

  async close(): Promise<void> {
    await this.stop();
    await new Promise<void>((r) => this.me?.close(() => r()));
    const jsm = await this.nc.jetstreamManager();
    for (const def of [Streams.Control, Streams.Usage, Streams.DeadLetter]) {
      await jsm.streams.delete(namespacedStream(this.namespace, def).name).catch(() => false);
    }
    await this.nc.drain();
    await this.schema.drop();
  }
}

function emptySnapshot(): RegistrySnapshot {
  return {
    schemaVersion: REGISTRY_SNAPSHOT_SCHEMA_VERSION,
    version: 1,
    generatedAt: new Date().toISOString(),
    workspaces: [],
    apiKeys: [],
    providers: [],
    models: [],
    prices: [],
    deployments: [],
    routes: [],
  };
}
