// One undici Pool per upstream origin (keep-alive, bounded connections), requests with connect / first-byte / idle
// timeouts and caller cancellation, responses whose body is a backpressured async iterator of Buffers.
import { Pool } from 'undici';
import type { Readable } from 'node:stream';
import { statusError, toUpstreamError } from './error-classification';
import { UpstreamError } from './upstream.error';

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
  /** Aborting cancels the upstream request (e.g. the client went away). */
  signal?: AbortSignal;
  firstByteTimeoutMs?: number;
  idleTimeoutMs?: number;
}

export type UpstreamHeaders = Record<string, string | string[] | undefined>;

export interface UpstreamResponse {
  readonly instanceId: string;
  readonly status: number;
  readonly headers: UpstreamHeaders;
  /** Body chunks with backpressure (the next is read only when asked for). Failures become UpstreamError. */
  chunks(): AsyncIterableIterator<Buffer>;
  /** The raw Node stream, for piping. Errors are undici's; prefer chunks(). */
  stream(): Readable;
  /** The whole body as text; UpstreamError kind 'protocol' beyond maxBytes (default 32 MiB). */
  text(maxBytes?: number): Promise<string>;
  /** Reads and drops the body so the connection goes back to the pool. */
  discard(): Promise<void>;
  /** Tears the connection down (the body is not wanted and may be long). */
  destroy(): void;
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

const DEFAULT_MAX_TEXT = 32 * 1024 * 1024;

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
    try {
      const res = await entry.pool.request({
        path,
        method: req.method ?? 'POST',
        headers: req.headers,
        body: req.body,
        signal: req.signal,
        headersTimeout: req.firstByteTimeoutMs ?? this.opts.firstByteTimeoutMs,
        bodyTimeout: req.idleTimeoutMs ?? this.opts.idleTimeoutMs,
      });
      return new UndiciUpstreamResponse(req.instanceId, res.statusCode, res.headers, res.body, req.signal);
    } catch (error) {
      throw toUpstreamError(error, { instanceId: req.instanceId, aborted: req.signal?.aborted === true, phase: 'request' });
    }
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

type UndiciBody = Readable & { text(): Promise<string>; dump(opts?: { limit?: number }): Promise<void> };

class UndiciUpstreamResponse implements UpstreamResponse {
  constructor(
    readonly instanceId: string,
    readonly status: number,
    readonly headers: UpstreamHeaders,
    private readonly body: UndiciBody,
    private readonly signal: AbortSignal | undefined,
  ) {}

  async *chunks(): AsyncIterableIterator<Buffer> {
    try {
      for await (const chunk of this.body) yield chunk as Buffer;
    } catch (error) {
      throw toUpstreamError(error, { instanceId: this.instanceId, aborted: this.signal?.aborted === true, phase: 'body' });
    }
  }

  stream(): Readable {
    return this.body;
  }

  async text(maxBytes = DEFAULT_MAX_TEXT): Promise<string> {
    const parts: Buffer[] = [];
    let size = 0;
    for await (const chunk of this.chunks()) {
      size += chunk.length;
      if (size > maxBytes) {
        this.destroy();
        throw new UpstreamError(`upstream body larger than ${maxBytes} bytes`, this.instanceId, 'protocol', this.status, false);
      }
      parts.push(chunk);
    }
    return parts.length === 1 ? parts[0].toString('utf8') : Buffer.concat(parts, size).toString('utf8');
  }

  async discard(): Promise<void> {
    try {
      await this.body.dump({ limit: 256 * 1024 });
    } catch {
      // the connection is gone either way
    }
  }

  destroy(): void {
    if (!this.body.destroyed) this.body.destroy();
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export { statusError };
