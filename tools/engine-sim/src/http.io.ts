// Small node:http helpers for the hot path: flat header arrays, one end() per answer, body collection.
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Default limit on a request body; larger ones get 413 (the rest of the upload is read and dropped). */
export const MAX_BODY_BYTES = 32 * 1024 * 1024;

/** The x-request-id header value, read from rawHeaders (avoids building req.headers). */
export function findRequestId(req: IncomingMessage): string | undefined {
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i];
    if (name.length === 12 && name.toLowerCase() === 'x-request-id') return raw[i + 1];
  }
  return undefined;
}

export function sendBody(res: ServerResponse, status: number, contentType: string, body: string, requestId: string | undefined): void {
  const headers =
    requestId === undefined
      ? ['content-type', contentType, 'content-length', String(Buffer.byteLength(body))]
      : ['content-type', contentType, 'content-length', String(Buffer.byteLength(body)), 'x-request-id', requestId];
  res.writeHead(status, headers);
  res.end(body);
}

export function sendJson(res: ServerResponse, status: number, body: string, requestId?: string): void {
  sendBody(res, status, 'application/json', body, requestId);
}

export function sendEmpty(res: ServerResponse, status: number): void {
  res.writeHead(status, ['content-length', '0']);
  res.end();
}

export function startEventStream(res: ServerResponse, requestId: string | undefined): void {
  const headers = ['content-type', 'text/event-stream; charset=utf-8', 'cache-control', 'no-cache'];
  if (requestId !== undefined) headers.push('x-request-id', requestId);
  res.writeHead(200, headers);
  res.flushHeaders();
}

/** A whole event stream in one write, still chunked (no content-length) as a streaming engine sends it. */
export function sendEventStream(res: ServerResponse, body: string, requestId: string | undefined): void {
  const headers = ['content-type', 'text/event-stream; charset=utf-8', 'cache-control', 'no-cache'];
  if (requestId !== undefined) headers.push('x-request-id', requestId);
  res.writeHead(200, headers);
  res.end(body);
}

/** Collects the request body as a string; `null` when it exceeds `limit` bytes. Not called if the client aborts. */
export function readBody(req: IncomingMessage, limit: number, done: (body: string | null) => void): void {
  let first: Buffer | null = null;
  let rest: Buffer[] | null = null;
  let size = 0;
  let failed = false;
  req.on('data', (chunk: Buffer) => {
    if (failed) return;
    size += chunk.length;
    if (size > limit) {
      failed = true;
      done(null);
      return;
    }
    if (first === null) first = chunk;
    else (rest ??= [first]).push(chunk);
  });
  req.on('end', () => {
    if (failed) return;
    if (rest !== null) done(Buffer.concat(rest).toString('utf8'));
    else done(first === null ? '' : (first as Buffer).toString('utf8'));
  });
  req.on('error', () => {
    failed = true; // the client went away: nobody to answer
  });
}
