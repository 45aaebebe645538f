import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

interface FakePod {
  name: string;
  ip: string;
  ready: boolean;
  deletionCost: number;
  createdAt: number;
  server: Server;
}

/**
 * A fake Kubernetes API server implementing only the calls the kubernetes driver makes: GET/PATCH a Deployment's
 * scale subresource, GET the Service's Endpoints, PATCH a pod's annotations. Behind it, a toy ReplicaSet: each pod
 * is a small HTTP server (/health, /metrics) on its own loopback address (127.0.0.N), ready after a moment;
 * scaling down deletes the pods with the lowest pod-deletion-cost first.
 */
export class FakeKubernetes {
  readonly calls: string[] = [];
  readonly pods: FakePod[] = [];
  replicas = 0;
  private server?: Server;
  private nextIp = 10;
  private seq = 0;

  constructor(readonly namespace: string, readonly deployment: string, readonly podPort: number) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req).then(
      ([status, body]) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      },
      () => {
        res.writeHead(500);
        res.end();
      },
    ));
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await Promise.all(this.pods.map((p) => new Promise<void>((r) => p.server.close(() => r()))));
    this.pods.length = 0;
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  private async handle(req: IncomingMessage): Promise<[number, unknown]> {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    this.calls.push(`${req.method} ${req.url}`);
    const ns = this.namespace;
    if (req.url === `/apis/apps/v1/namespaces/${ns}/deployments/${this.deployment}/scale`) {
      if (req.method === 'PATCH') {
        const replicas = (JSON.parse(raw) as { spec: { replicas: number } }).spec.replicas;
        await this.scaleTo(replicas);
      }
      return [200, { kind: 'Scale', spec: { replicas: this.replicas }, status: { replicas: this.pods.length } }];
    }
    if (req.url === `/api/v1/namespaces/${ns}/endpoints/${this.deployment}` && req.method === 'GET') {
      const addr = (p: FakePod) => ({ ip: p.ip, targetRef: { kind: 'Pod', name: p.name } });
      return [200, { kind: 'Endpoints', subsets: [{ addresses: this.pods.filter((p) => p.ready).map(addr), notReadyAddresses: this.pods.filter((p) => !p.ready).map(addr), ports: [{ port: this.podPort }] }] }];
    }
    const pod = new RegExp(`^/api/v1/namespaces/${ns}/pods/([a-z0-9-]+)$`).exec(req.url ?? '');
    if (pod && req.method === 'PATCH') {
      const p = this.pods.find((x) => x.name === pod[1]);
      if (!p) return [404, { kind: 'Status', code: 404 }];
      const cost = (JSON.parse(raw) as { metadata: { annotations: Record<string, string> } }).metadata.annotations['controller.kubernetes.io/pod-deletion-cost'];
      p.deletionCost = Number(cost);
      return [200, { kind: 'Pod', metadata: { name: p.name } }];
    }
    return [404, { kind: 'Status', code: 404 }];
  }

  private async scaleTo(replicas: number): Promise<void> {
    this.replicas = replicas;
    while (this.pods.length < replicas) {
      const ip = `127.0.0.${this.nextIp++}`;
      const server = createServer((req, res) => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end(req.url === '/metrics' ? 'vllm:num_requests_running 0\nvllm:num_requests_waiting 0\n' : '{}');
      });
      await new Promise<void>((r) => server.listen(this.podPort, ip, r));
      const p: FakePod = { name: `${this.deployment}-7f9c-${(this.seq++).toString(36).padStart(5, 'x')}`, ip, ready: false, deletionCost: 0, createdAt: Date.now(), server };
      this.pods.push(p);
      setTimeout(() => (p.ready = true), 300);
    }
    if (this.pods.length > replicas) {
      const victims = [...this.pods].sort((a, b) => a.deletionCost - b.deletionCost || b.createdAt - a.createdAt).slice(0, this.pods.length - replicas);
      for (const v of victims) {
        this.pods.splice(this.pods.indexOf(v), 1);
        await new Promise<void>((r) => v.server.close(() => r()));
      }
    }
  }
}
