// One undici Pool per upstream origin (keep-alive, bounded connections), requests with connect / first-byte / idle
// timeouts and caller cancellation, responses whose body is a backpressured async iterator of Buffers.
import { Pool } from 'undici';
import { statusError } from './error-classification';
import { UpstreamError } from './upstream.error';
import { UpstreamResponseHandler, type CancelSignal, type UpstreamResponse } from './upstream-response.handler';

export type { CancelSignal, UpstreamHeaders, UpstreamResponse } from './upstream-response.handler';

export interface UpstreamHttpOptions {
  /** TCP (+TLS) connect timeout. Default 2 s. */
  connectTimeoutMs?: number;
  /** From request sent to response headers. Default 60 s (LLMs may queue). */
  firstByteTimeoutMs?: number;
  /** Longest silence between two body chunks. Default 60 s. */
  idleTimeoutMs?: number;
  /** Connections per origin. Default 256. */
  connectionsPerOrigin?: number;
  /** Idle keep-alive sockets are closed after this. Default 30 s. */
  keepAliveTimeoutMs?: number;
  /** Origins whose pool is unused for this long are closed by sweep(). Default 5 min. */
  idlePoolMs?: number;
}

export interface UpstreamRequestOptions {
  /** Names the target in errors and metrics: an instance id or a provider key id. Never a secret. */
  instanceId: string;
  url: string;
  method?: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string | Buffer;
  /** Aborting cancels the upstream request (e.g. the client went away). An AbortSignal or a lighter CancelSignal. */
  signal?: CancelSignal;
  firstByteTimeoutMs?: number;
  idleTimeoutMs?: number;
}

interface PoolEntry {
  pool: Pool;
  lastUsed: number;
}

export interface UpstreamHttpStats {
  origins: number;
  connected: number;
  free: number;
  pending: number;
  running: number;
}

const DEFAULTS = {
  connectTimeoutMs: 2_000,
  firstByteTimeoutMs: 60_000,
  idleTimeoutMs: 60_000,
  connectionsPerOrigin: 256,
  keepAliveTimeoutMs: 30_000,
  idlePoolMs: 5 * 60_000,
};

/** Splits `http://host:port/a/b?c` into origin and path; a tiny cache avoids URL parsing on the hot path. */
class UrlSplitter {
  private readonly cache = new Map<string, { origin: string; path: string }>();
  split(url: string): { origin: string; path: string } {
    const hit = this.cache.get(url);
    if (hit) return hit;
    const parsed = new URL(url);
    const value = { origin: parsed.origin, path: `${parsed.pathname}${parsed.search}` };
    if (this.cache.size >= 4096) this.cache.clear();
    this.cache.set(url, value);
    return value;
  }
}

export class UpstreamHttpClient {
  private readonly opts: Required<UpstreamHttpOptions>;
  private readonly pools = new Map<string, PoolEntry>();
  private readonly urls = new UrlSplitter();
  private closed = false;

  constructor(options: UpstreamHttpOptions = {}) {
    this.opts = { ...DEFAULTS, ...stripUndefined(options) };
  }

  /**
   * Sends one request. Resolves once response headers arrived (any status: the caller reads error bodies for
   * its own mapping; use `statusError` for the classification). Rejects with UpstreamError for transport
   * failures, timeouts before the headers, and cancellation (kind 'aborted').
   */
  async request(req: UpstreamRequestOptions): Promise<UpstreamResponse> {
    if (this.closed) throw new UpstreamError('upstream client closed', req.instanceId, 'connect', undefined, false);
    let origin: string;
    let path: string;
    try {
      ({ origin, path } = this.urls.split(req.url));
    } catch (error) {
      throw new UpstreamError('invalid upstream URL', req.instanceId, 'connect', undefined, true, { cause: error });
    }
    const entry = this.poolFor(origin);
    const handler = new UpstreamResponseHandler(req.instanceId, req.signal);
    entry.pool.dispatch(
      {
        path,
        method: req.method ?? 'POST',
        headers: req.headers,
        body: req.body,
        headersTimeout: req.firstByteTimeoutMs ?? this.opts.firstByteTimeoutMs,
        bodyTimeout: req.idleTimeoutMs ?? this.opts.idleTimeoutMs,
      },
      handler,
    );
    return handler.started;
  }

  /** Closes pools unused for `idlePoolMs` (call it now and then; instances come and go). */
  sweep(now = Date.now()): number {
    let closed = 0;
    for (const [origin, entry] of this.pools) {
      if (now - entry.lastUsed < this.opts.idlePoolMs) continue;
      if (entry.pool.stats.running > 0 || entry.pool.stats.pending > 0) continue;
      this.pools.delete(origin);
      void entry.pool.close().catch(() => undefined);
      closed++;
    }
    return closed;
  }

  /** Drops the pool of one origin at once (an instance was removed). In-flight requests on it fail. */
  forget(url: string): void {
    let origin: string;
    try {
      origin = this.urls.split(url).origin;
    } catch {
      return;
    }
    const entry = this.pools.get(origin);
    if (!entry) return;
    this.pools.delete(origin);
    void entry.pool.close().catch(() => undefined);
  }

  stats(): UpstreamHttpStats {
    const out: UpstreamHttpStats = { origins: this.pools.size, connected: 0, free: 0, pending: 0, running: 0 };
    for (const { pool } of this.pools.values()) {
      out.connected += pool.stats.connected;
      out.free += pool.stats.free;
      out.pending += pool.stats.pending;
      out.running += pool.stats.running;
    }
    return out;
  }

  /** Closes every pool, letting running requests finish up to `graceMs`, then destroys what is left. */
  async close(graceMs = 2_000): Promise<void> {
    this.closed = true;
    const pools = [...this.pools.values()].map((e) => e.pool);
    this.pools.clear();
    await Promise.all(
      pools.map(async (pool) => {
        let timer: NodeJS.Timeout | undefined;
        const forced = new Promise<void>((resolve) => {
          timer = setTimeout(() => {
            void pool.destroy().catch(() => undefined).then(() => resolve());
          }, graceMs);
        });
        await Promise.race([pool.close().catch(() => undefined), forced]);
        if (timer) clearTimeout(timer);
      }),
    );
  }

  private poolFor(origin: string): PoolEntry {
    let entry = this.pools.get(origin);
    if (!entry) {
      entry = {
        pool: new Pool(origin, {
          connections: this.opts.connectionsPerOrigin,
          pipelining: 1,
          keepAliveTimeout: this.opts.keepAliveTimeoutMs,
          connect: { timeout: this.opts.connectTimeoutMs, noDelay: true },
        }),
        lastUsed: Date.now(),
      };
      this.pools.set(origin, entry);
    } else {
      entry.lastUsed = Date.now();
    }
    return entry;
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export { statusError };
