// A minimal HTTP server that answers like a vendor API from recorded payloads (src/providers/*/fixtures), and
// records what it was sent (path, headers, body) so tests can check the translation and the credential header.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedCall {
  path: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
}

export interface RecordedVendor {
  url: string;
  calls: RecordedCall[];
  close(): Promise<void>;
}

export async function startRecordedVendor(answer: (call: RecordedCall) => { status: number; contentType: string; body: string }): Promise<RecordedVendor> {
  const calls: RecordedCall[] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        // recorded as empty
      }
      const call = { path: req.url ?? '', headers: req.headers, body };
      calls.push(call);
      const a = answer(call);
      res.writeHead(a.status, { 'content-type': a.contentType });
      res.end(a.body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
