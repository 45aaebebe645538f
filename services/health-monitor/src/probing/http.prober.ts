import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { ProbeSettings } from '../pools/deployment-settings';

export interface ProbeOutcome {
  ok: boolean;
  latencyMs: number;
  reason?: string;
}

/** Bytes of a probe answer that are read (and thrown away); the rest is cut off. */
const MAX_BODY = 64 * 1024;

/** Paths that mean "send a minimal completion request" rather than GET. */
export function isCompletionProbe(path: string): boolean {
  return /\/(chat\/)?completions$/.test(path.split('?')[0]);
}

/**
 * One active probe over a fresh connection (no keep-alive, no shared pool: a probe tests that the instance
 * accepts connections, and never queues behind user traffic). Its own timeout covers connect, headers and body.
 * Never throws.
 */
export function probeInstance(baseUrl: string, settings: ProbeSettings): Promise<ProbeOutcome> {
  const started = performance.now();
  const elapsed = () => Math.round((performance.now() - started) * 10) / 10;
  return new Promise<ProbeOutcome>((resolve) => {
    let settled = false;
    const finish = (outcome: Omit<ProbeOutcome, 'latencyMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...outcome, latencyMs: elapsed() });
    };
    let url: URL;
    try {
      url = new URL(settings.path, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('unsupported protocol');
    } catch {
      settled = true;
      resolve({ ok: false, latencyMs: 0, reason: 'invalid instance url' });
      return;
    }
    const completion = isCompletionProbe(url.pathname);
    const body = completion ? JSON.stringify({ model: settings.model, messages: [{ role: 'user', content: 'ping' }], max_tokens: 1, stream: false }) : undefined;
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(url, {
      method: completion ? 'POST' : 'GET',
      agent: false,
      headers: { 'user-agent': 'switchyard-health-monitor', accept: 'application/json', ...(body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {}) },
    });
    const timer = setTimeout(() => {
      finish({ ok: false, reason: `timeout after ${settings.timeoutMs} ms` });
      req.destroy();
    }, settings.timeoutMs);
    req.on('error', (error: NodeJS.ErrnoException) => finish({ ok: false, reason: describeError(error) }));
    req.on('response', (res) => {
      let read = 0;
      res.on('data', (chunk: Buffer) => {
        read += chunk.length;
        if (read > MAX_BODY) res.destroy();
      });
      const status = res.statusCode ?? 0;
      const done = () => finish(status >= 200 && status < 300 ? { ok: true } : { ok: false, reason: `HTTP ${status}` });
      res.on('end', done);
      res.on('close', done);
      res.on('error', () => finish({ ok: false, reason: 'connection reset' }));
    });
    req.end(body);
  });
}

function describeError(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ECONNRESET':
    case 'EPIPE':
      return 'connection reset';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host not found';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'host unreachable';
    default:
      return error.code ? `connection error ${error.code}` : 'connection error';
  }
}
