import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An HTTP proxy in front of an engine that counts the health probes it forwards (who probed, how often). */
export class CountingProxy {
  private server?: Server;
  probes: number[] = [];
  /** Method and path of every request forwarded. */
  requests: string[] = [];
  url = '';

  constructor(private readonly target: string) {}

  async start(): Promise<this> {
    const target = new URL(this.target);
    this.server = createServer((req, res) => {
      if (req.url?.startsWith('/health')) this.probes.push(Date.now());
      this.requests.push(`${req.method} ${req.url}`);
      const upstream = request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers, agent: false }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      upstream.on('error', () => {
        res.writeHead(502).end();
      });
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** Probes in [from, to). */
  between(from: number, to: number): number {
    return this.probes.filter((t) => t >= from && t < to).length;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}
