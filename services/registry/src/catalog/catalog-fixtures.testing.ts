import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeEvent, type AnyEventEnvelope } from '@switchyard/contracts';

// Test helpers of the catalog's integration tests (test/catalog-*.test.ts). Not used by production code.

/** The part of a NATS connection the collector needs (structural: services do not import nats). */
export interface SubscribingConnection {
  subscribe(subject: string): AsyncIterable<{ subject: string; data: Uint8Array }> & { unsubscribe(): void };
  flush(): Promise<void>;
}

/**
 * Collects the control-plane events of a namespace: from NATS (`<ns>.sy.>`) and, with `readOutbox`, also from the
 * outbox table (what ChangeWriter committed), deduplicated by envelope id and validated against the contract.
 */
export class EventCollector {
  private readonly byId = new Map<string, AnyEventEnvelope>();
  /** Events as they arrived over NATS, in arrival order. */
  readonly onNats: AnyEventEnvelope[] = [];
  private readonly sub: ReturnType<SubscribingConnection['subscribe']>;
  private readonly done: Promise<void>;

  constructor(
    nc: SubscribingConnection,
    namespace: string,
    private readonly readOutbox?: () => Promise<unknown[]>,
  ) {
    const sub = nc.subscribe(`${namespace}.sy.>`);
    this.sub = sub;
    this.done = (async () => {
      for await (const msg of sub) {
        const env = decodeEvent(msg.data);
        this.onNats.push(env);
        this.byId.set(env.id, env);
      }
    })();
  }

  get events(): AnyEventEnvelope[] {
    return [...this.byId.values()];
  }

  /** Events of an aggregate (optionally of one type), by aggregate version. */
  of(aggregateId: string, type?: string): AnyEventEnvelope[] {
    return this.events
      .filter((e) => e.aggregateId === aggregateId && (type === undefined || e.type === type))
      .sort((a, b) => a.aggregateVersion - b.aggregateVersion);
  }

  private async poll(): Promise<void> {
    if (!this.readOutbox) return;
    for (const payload of await this.readOutbox()) {
      const env = decodeEvent(JSON.stringify(payload));
      if (!this.byId.has(env.id)) this.byId.set(env.id, env);
    }
  }

  /** Waits until `predicate` holds over the collected events (polling), else throws with what arrived. */
  async waitFor(predicate: (events: AnyEventEnvelope[]) => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      await this.poll();
      if (predicate(this.events)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`timed out waiting for ${what}; got ${this.events.map((e) => `${e.type}@${e.aggregateVersion}`).join(', ')}`);
  }

  async close(): Promise<void> {
    this.sub.unsubscribe();
    await this.done;
  }
}

export interface FakeUpstream {
  url: string;
  requests: Array<{ method: string; url: string; headers: IncomingMessage['headers'] }>;
  close(): Promise<void>;
}

/** A local HTTP server answering like an OpenAI-compatible engine or a provider; `handler` decides the answer. */
export async function startFakeUpstream(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<FakeUpstream> {
  const requests: FakeUpstream['requests'] = [];
  const server: Server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** A port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A valid static deployment body; override anything. */
export function deploymentBody(name: string, endpoints: string[], overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name,
    description: 'test deployment',
    modelId: 'qwen2.5-7b',
    modelVersion: 'v1',
    environment: 'staging',
    resources: { cpuCores: 4, memoryGb: 16 },
    minReplicas: 1,
    maxReplicas: 4,
    endpoints: endpoints.map((url) => ({ url })),
    ...overrides,
  };
}
