import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { getFreePort, sleep } from '@switchyard/testing';
import { UpstreamError, UpstreamHttpClient } from '../src';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

describe('UpstreamHttpClient against a real HTTP server', () => {
  let server: Server;
  let base: string;
  const sockets = new Set<Socket>();
  const remotePorts = new Set<number>();
  const routes = new Map<string, Handler>();
  let client: UpstreamHttpClient;

  before(async () => {
    server = createServer((req, res) => {
      remotePorts.add(req.socket.remotePort ?? 0);
      const handler = routes.get(req.url ?? '');
      if (handler) handler(req, res);
      else {
        res.writeHead(404).end();
      }
    });
    server.on('connection', (s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    client = new UpstreamHttpClient({ firstByteTimeoutMs: 300, idleTimeoutMs: 300, connectTimeoutMs: 500 });

    routes.set('/ok', (req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ echo: body, auth: req.headers.authorization })));
    });
    routes.set('/busy', (_req, res) => res.writeHead(503).end('{"error":{"message":"busy"}}'));
    routes.set('/silent', () => undefined);
    routes.set('/stall', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: 1\n\n');
    });
    routes.set('/reset', (req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: 1\n\n');
      setTimeout(() => req.socket.destroy(), 20);
    });
    routes.set('/many', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      let n = 0;
      const big = 'x'.repeat(64 * 1024);
      const pump = () => {
        while (n < 200) {
          n++;
          if (!res.write(`data: ${big}\n\n`)) {
            res.once('drain', pump);
            return;
          }
        }
        res.end();
      };
      pump();
    });
  });

  after(async () => {
    await client.close(200);
    for (const s of sockets) s.destroy();
    await new Promise<void>((r) => server.close(() => r()));
  });

  it('sends a request and reads the body, reusing keep-alive connections', async () => {
    remotePorts.clear();
    for (let i = 0; i < 20; i++) {
      const res = await client.request({ instanceId: 'a', url: `${base}/ok`, headers: { authorization: 'Bearer s', 'content-type': 'application/json' }, body: `{"i":${i}}` });
      assert.equal(res.status, 200);
      assert.deepEqual(JSON.parse(await res.text()), { echo: `{"i":${i}}`, auth: 'Bearer s' });
    }
    assert.ok(remotePorts.size <= 2, `keep-alive: ${remotePorts.size} connections served 20 sequential requests`);
    assert.equal(client.stats().origins, 1);
  });

  it('resolves error statuses for the caller to map', async () => {
    const res = await client.request({ instanceId: 'a', url: `${base}/busy`, headers: {} });
    assert.equal(res.status, 503);
    assert.match(await res.text(), /busy/);
  });

  it('classifies a refused connection as connect, retryable', async () => {
    const port = await getFreePort();
    await assert.rejects(client.request({ instanceId: 'gone', url: `http://127.0.0.1:${port}/x`, headers: {} }), (e: unknown) => {
      assert.ok(e instanceof UpstreamError);
      assert.equal(e.kind, 'connect');
      assert.equal(e.instanceId, 'gone');
      assert.equal(e.retryable, true);
      return true;
    });
  });

  it('times out waiting for the first byte', async () => {
    const started = Date.now();
    await assert.rejects(client.request({ instanceId: 'a', url: `${base}/silent`, headers: {}, firstByteTimeoutMs: 150 }), (e: unknown) => {
      assert.ok(e instanceof UpstreamError);
      assert.equal(e.kind, 'timeout');
      assert.equal(e.retryable, true);
      return true;
    });
    assert.ok(Date.now() - started < 2_000);
  });

  it('times out when a stream goes idle, not retryable', async () => {
    const res = await client.request({ instanceId: 'a', url: `${base}/stall`, headers: {}, idleTimeoutMs: 150 });
    const seen: string[] = [];
    await assert.rejects(
      (async () => {
        for await (const c of res.chunks()) seen.push(c.toString());
      })(),
      (e: unknown) => e instanceof UpstreamError && e.kind === 'timeout' && !e.retryable,
    );
    assert.deepEqual(seen, ['data: 1\n\n']);
  });

  it('reports a reset mid-stream', async () => {
    const res = await client.request({ instanceId: 'a', url: `${base}/reset`, headers: {} });
    await assert.rejects(
      (async () => {
        for await (const _c of res.chunks()) void _c;
      })(),
      (e: unknown) => e instanceof UpstreamError && e.kind === 'reset' && !e.retryable,
    );
  });

  it('aborts on the caller signal, before and during the body', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    await assert.rejects(client.request({ instanceId: 'a', url: `${base}/silent`, headers: {}, signal: ac.signal }), (e: unknown) => e instanceof UpstreamError && e.kind === 'aborted');
    const ac2 = new AbortController();
    const res = await client.request({ instanceId: 'a', url: `${base}/stall`, headers: {}, signal: ac2.signal, idleTimeoutMs: 5_000 });
    setTimeout(() => ac2.abort(), 50);
    await assert.rejects(
      (async () => {
        for await (const _c of res.chunks()) void _c;
      })(),
      (e: unknown) => e instanceof UpstreamError && e.kind === 'aborted',
    );
  });

  it('applies backpressure: a slow reader holds the server back', async () => {
    const res = await client.request({ instanceId: 'a', url: `${base}/many`, headers: {} });
    const it = res.chunks();
    const first = await it.next();
    assert.equal(first.done, false);
    await sleep(200);
    // The server wrote 12.8 MB; with backpressure only socket and stream buffers (a few hundred kB) can be in flight.
    const buffered = res.stream().readableLength;
    assert.ok(buffered < 2 * 1024 * 1024, `buffered ${buffered} bytes`);
    let total = first.value?.length ?? 0;
    for (;;) {
      const next = await it.next();
      if (next.done) break;
      total += next.value.length;
    }
    assert.ok(total > 200 * 64 * 1024);
  });

  it('limits text() and refuses new requests after close', async () => {
    const res = await client.request({ instanceId: 'a', url: `${base}/many`, headers: {} });
    await assert.rejects(res.text(100_000), (e: unknown) => e instanceof UpstreamError && e.kind === 'protocol');
    const other = new UpstreamHttpClient();
    await other.close();
    await assert.rejects(other.request({ instanceId: 'z', url: `${base}/ok`, headers: {} }), UpstreamError);
  });

  it('rejects an invalid URL as an UpstreamError', async () => {
    await assert.rejects(client.request({ instanceId: 'z', url: 'not a url', headers: {} }), UpstreamError);
  });
});
