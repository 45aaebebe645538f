// One upstream exchange as an undici dispatch handler: resolves on the response headers, then hands the body out
// as chunks (a small queue with backpressure), as a whole text, or as a Node Readable when asked for one. Cheaper
// than undici's request() API (no per-response Readable, AsyncResource or async-iterator machinery on the hot path).
import { Readable } from 'node:stream';
import { errors } from 'undici';
import { toUpstreamError } from './error-classification';
import { UpstreamError } from './upstream.error';

export type UpstreamHeaders = Record<string, string | string[] | undefined>;

/** Anything that says whether it fired and calls back once when it does: an AbortSignal, or a lighter one. */
export interface CancelSignal {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

export interface UpstreamResponse {
  readonly instanceId: string;
  readonly status: number;
  readonly headers: UpstreamHeaders;
  /** Body chunks with backpressure (the next is read only when asked for). Failures become UpstreamError. */
  chunks(): AsyncIterableIterator<Buffer>;
  /** The body as a Node stream, for piping. Errors are undici's; prefer chunks(). */
  stream(): Readable;
  /** The whole body as text; UpstreamError kind 'protocol' beyond maxBytes (default 32 MiB). */
  text(maxBytes?: number): Promise<string>;
  /** Reads and drops the body so the connection goes back to the pool. */
  discard(): Promise<void>;
  /** Tears the connection down (the body is not wanted and may be long). */
  destroy(): void;
}

/** Bytes queued before undici is asked to pause the socket (undici's own body stream uses the same). */
const HIGH_WATER_MARK = 64 * 1024;
const DEFAULT_MAX_TEXT = 32 * 1024 * 1024;
const DISCARD_LIMIT = 256 * 1024;

/** undici's raw header list (name, value, name, value… as Buffers) as an object; repeated names become arrays. */
export function parseRawHeaders(raw: ReadonlyArray<Buffer | string> | null | undefined): UpstreamHeaders {
  const out: UpstreamHeaders = {};
  if (!raw) return out;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i].toString('latin1').toLowerCase();
    const value = raw[i + 1].toString('latin1');
    const held = out[name];
    if (held === undefined) out[name] = value;
    else if (Array.isArray(held)) held.push(value);
    else out[name] = [held, value];
  }
  return out;
}

export class UpstreamResponseHandler implements UpstreamResponse {
  status = 0;
  /** Resolves with this object on the response headers; rejects with an UpstreamError before them. */
  readonly started: Promise<UpstreamResponse>;
  private resolveStarted!: (value: UpstreamResponse) => void;
  private rejectStarted!: (error: UpstreamError) => void;
  private rawHeaders: ReadonlyArray<Buffer | string> | null = null;
  private parsedHeaders: UpstreamHeaders | undefined;
  private abortFn: ((err: Error) => void) | undefined;
  private resumeFn: (() => void) | undefined;
  private paused = false;
  private queue: Buffer[] = [];
  private queued = 0;
  private ended = false;
  private failure: UpstreamError | undefined;
  private rawFailure: Error | undefined;
  private waiter: (() => void) | undefined;
  private readable: Readable | undefined;
  private cancelled = false;
  private readonly onCancel = () => this.cancel();

  constructor(
    readonly instanceId: string,
    private readonly signal: CancelSignal | undefined,
  ) {
    this.started = new Promise<UpstreamResponse>((resolve, reject) => {
      this.resolveStarted = resolve;
      this.rejectStarted = reject;
    });
    if (signal) {
      if (signal.aborted) this.cancelled = true;
      else signal.addEventListener('abort', this.onCancel, { once: true });
    }
  }

  get headers(): UpstreamHeaders {
    return (this.parsedHeaders ??= parseRawHeaders(this.rawHeaders));
  }

  // --- undici dispatch handler ---------------------------------------------------------------------------------

  onConnect(abort: (err: Error) => void): void {
    this.abortFn = abort;
    if (this.cancelled) abort(new errors.RequestAbortedError());
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[] | string[] | null, resume: () => void): boolean {
    if (statusCode < 200) return true; // informational (103 Early Hints…): the real answer follows
    this.status = statusCode;
    this.rawHeaders = rawHeaders;
    this.resumeFn = resume;
    this.resolveStarted(this);
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (this.readable) {
      if (this.readable.push(chunk)) return true;
      this.paused = true;
      return false;
    }
    this.queue.push(chunk);
    this.queued += chunk.length;
    this.wake();
    if (this.queued < HIGH_WATER_MARK) return true;
    this.paused = true;
    return false;
  }

  onComplete(): void {
    this.ended = true;
    this.release();
    this.readable?.push(null);
    this.wake();
  }

  onError(err: Error): void {
    this.release();
    const aborted = this.signal?.aborted === true;
    if (this.status === 0) {
      this.rejectStarted(toUpstreamError(err, { instanceId: this.instanceId, aborted, phase: 'request' }));
      return;
    }
    this.rawFailure = err;
    this.failure = toUpstreamError(err, { instanceId: this.instanceId, aborted, phase: 'body' });
    this.readable?.destroy(err);
    this.wake();
  }

  // --- UpstreamResponse ----------------------------------------------------------------------------------------

  chunks(): AsyncIterableIterator<Buffer> {
    let delegate: AsyncIterator<Buffer> | undefined;
    const iterator: AsyncIterableIterator<Buffer> = {
      next: async (): Promise<IteratorResult<Buffer>> => {
        if (this.readable) {
          delegate ??= this.readable[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
          try {
            return await delegate.next();
          } catch (error) {
            throw toUpstreamError(error, { instanceId: this.instanceId, aborted: this.signal?.aborted === true, phase: 'body' });
          }
        }
        const chunk = await this.nextChunk();
        return chunk === undefined ? { done: true, value: undefined } : { done: false, value: chunk };
      },
      return: async (): Promise<IteratorResult<Buffer>> => {
        // An abandoned iteration tears the exchange down, as leaving a for-await over a stream does.
        this.destroy();
        return { done: true, value: undefined };
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }

  stream(): Readable {
    if (this.readable) return this.readable;
    const readable = new Readable({
      highWaterMark: HIGH_WATER_MARK,
      read: () => this.resume(),
      destroy: (err, cb) => {
        if (!this.ended && !this.failure) this.abortFn?.(err ?? new errors.RequestAbortedError());
        cb(err);
      },
    });
    this.readable = readable;
    for (const chunk of this.queue) readable.push(chunk);
    this.queue = [];
    this.queued = 0;
    if (this.rawFailure) readable.destroy(this.rawFailure);
    else if (this.ended) readable.push(null);
    return readable;
  }

  async text(maxBytes = DEFAULT_MAX_TEXT): Promise<string> {
    if (this.readable) return this.readAll(maxBytes, this.chunks());
    let first: Buffer | undefined;
    let parts: Buffer[] | undefined;
    let size = 0;
    for (;;) {
      let chunk = this.take();
      if (chunk === undefined) {
        if (this.failure) throw this.failure;
        if (this.ended) break;
        chunk = await this.nextChunk();
        if (chunk === undefined) break;
      }
      size += chunk.length;
      if (size > maxBytes) throw this.tooLarge(maxBytes);
      if (first === undefined) first = chunk;
      else (parts ??= [first]).push(chunk);
    }
    if (first === undefined) return '';
    return parts ? Buffer.concat(parts, size).toString('utf8') : first.toString('utf8');
  }

  async discard(): Promise<void> {
    let size = 0;
    try {
      for (;;) {
        const chunk = this.readable ? undefined : await this.nextChunk();
        if (chunk === undefined) break;
        size += chunk.length;
        if (size > DISCARD_LIMIT) break;
      }
    } catch {
      // the connection is gone either way
    }
    if (!this.ended) this.destroy();
  }

  destroy(): void {
    if (this.readable) {
      if (!this.readable.destroyed) this.readable.destroy();
      return;
    }
    if (this.ended || this.failure) return;
    this.abortFn?.(new errors.RequestAbortedError());
  }

  // --- internals -----------------------------------------------------------------------------------------------

  /** The next queued chunk, waiting for one; undefined at the end; throws the body failure. */
  private async nextChunk(): Promise<Buffer | undefined> {
    for (;;) {
      const chunk = this.take();
      if (chunk !== undefined) return chunk;
      if (this.failure) throw this.failure;
      if (this.ended) return undefined;
      await new Promise<void>((resolve) => (this.waiter = resolve));
    }
  }

  private async readAll(maxBytes: number, it: AsyncIterator<Buffer>): Promise<string> {
    const parts: Buffer[] = [];
    let size = 0;
    for (;;) {
      const next = await it.next();
      if (next.done) break;
      size += next.value.length;
      if (size > maxBytes) throw this.tooLarge(maxBytes);
      parts.push(next.value);
    }
    return Buffer.concat(parts, size).toString('utf8');
  }

  private tooLarge(maxBytes: number): UpstreamError {
    this.destroy();
    return new UpstreamError(`upstream body larger than ${maxBytes} bytes`, this.instanceId, 'protocol', this.status, false);
  }

  private take(): Buffer | undefined {
    const chunk = this.queue.shift();
    if (chunk === undefined) return undefined;
    this.queued -= chunk.length;
    if (this.queued < HIGH_WATER_MARK) this.resume();
    return chunk;
  }

  private resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.resumeFn?.();
  }

  private wake(): void {
    const waiter = this.waiter;
    if (waiter) {
      this.waiter = undefined;
      waiter();
    }
  }

  private cancel(): void {
    this.cancelled = true;
    if (this.ended || this.failure) return;
    this.abortFn?.(new errors.RequestAbortedError());
  }

  private release(): void {
    this.signal?.removeEventListener('abort', this.onCancel);
  }
}
