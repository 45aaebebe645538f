// A `request` listener in front of Fastify for the hot API calls: POST /v1/chat/completions, /v1/completions and
// /v1/embeddings with a plain body (Content-Length within the limit, JSON or no content type) go straight to the
// proxy, skipping Fastify's routing, hooks, middleware and per-request objects. Everything else (other routes,
// odd content types, chunked or oversized bodies, not ready, shutting down) goes to Fastify unchanged, whose
// routes in openai.routes.ts answer exactly as before.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Endpoint } from '../providers';
import type { IncomingCall } from '../proxy/proxy.service';
import { requestIdFor } from './request-id';

export interface FastPathDeps {
  handle(endpoint: Endpoint, call: IncomingCall): Promise<void>;
  bodyLimit: number;
  ready: () => boolean;
  /** True once the server is shutting down (Fastify answers 503 and closes connections then). */
  closing: () => boolean;
}

type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

const FAST_ROUTES: ReadonlyMap<string, Endpoint> = new Map([
  ['/v1/chat/completions', 'chat'],
  ['/v1/completions', 'completion'],
  ['/v1/embeddings', 'embedding'],
]);

/** Content types Fastify's catch-all parser takes as they are (others go to Fastify, which may answer 415). */
const PLAIN_CONTENT_TYPES = new Set(['application/json', 'application/json; charset=utf-8', 'application/json;charset=utf-8']);

const DIGITS = /^[1-9][0-9]{0,15}$/;

/** The endpoint when the request qualifies for the fast path, else undefined. Pure. */
export function fastEndpoint(req: Pick<IncomingMessage, 'method' | 'url' | 'headers'>, bodyLimit: number): Endpoint | undefined {
  if (req.method !== 'POST' || req.url === undefined) return undefined;
  const q = req.url.indexOf('?');
  const endpoint = FAST_ROUTES.get(q === -1 ? req.url : req.url.slice(0, q));
  if (endpoint === undefined) return undefined;
  const h = req.headers;
  if (h['transfer-encoding'] !== undefined) return undefined;
  const ct = h['content-type'];
  if (ct !== undefined && !PLAIN_CONTENT_TYPES.has(ct)) return undefined;
  const cl = h['content-length'];
  if (cl === undefined || !DIGITS.test(cl) || Number(cl) > bodyLimit) return undefined;
  return endpoint;
}

function readBody(req: IncomingMessage, length: number, done: (body: Buffer | undefined) => void): void {
  let first: Buffer | undefined;
  let parts: Buffer[] | undefined;
  let size = 0;
  const onData = (chunk: Buffer) => {
    size += chunk.length;
    if (first === undefined) first = chunk;
    else (parts ??= [first]).push(chunk);
  };
  const onEnd = () => {
    cleanup();
    if (size !== length) return done(undefined);
    done(parts ? Buffer.concat(parts, size) : first);
  };
  const onError = () => {
    cleanup();
    done(undefined);
  };
  const cleanup = () => {
    req.off('data', onData);
    req.off('end', onEnd);
    req.off('error', onError);
  };
  req.on('data', onData);
  req.on('end', onEnd);
  req.on('error', onError);
}

function serveFast(req: IncomingMessage, res: ServerResponse, endpoint: Endpoint, deps: FastPathDeps): void {
  const requestId = requestIdFor(req.headers['x-request-id']);
  readBody(req, Number(req.headers['content-length']), (body) => {
    // The client went away (or broke Content-Length) before its body arrived: nobody to answer.
    if (body === undefined) {
      res.destroy();
      return;
    }
    deps
      .handle(endpoint, { requestId, headers: req.headers, body, clientIp: req.socket.remoteAddress ?? '', res })
      .catch(() => {
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
  });
}

/**
 * Puts the fast path in front of the server's existing `request` listeners (Fastify's), which keep every request
 * the fast path does not take.
 */
export function installFastPath(server: Server, deps: FastPathDeps): void {
  const fallbacks = server.listeners('request') as RequestListener[];
  if (fallbacks.length === 0) return;
  server.removeAllListeners('request');
  const fallback: RequestListener =
    fallbacks.length === 1
      ? fallbacks[0]
      : (req, res) => {
          for (const l of fallbacks) l.call(server, req, res);
        };
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const endpoint = fastEndpoint(req, deps.bodyLimit);
    if (endpoint === undefined || deps.closing() || !deps.ready()) {
      fallback.call(server, req, res);
      return;
    }
    serveFast(req, res, endpoint, deps);
  });
}
