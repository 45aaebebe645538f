import { Inject, Injectable } from '@nestjs/common';
import { ErrorCode, headers as natsHeaders, NatsError, type Msg, type MsgHdrs } from 'nats';
import { Requests, type RequestErrorReply, type RequestName, type RequestPayloads } from '@switchyard/contracts';
import type { Logger } from '@switchyard/observability';
import { LOGGER } from '@switchyard/service-kit';
import { RequestError } from './messaging.errors';
import { NatsConnection } from './nats-connection';

export const DEFAULT_REQUEST_TIMEOUT_MS = 5_000;
/** Header set on error replies (the body is a RequestErrorReply). */
export const ERROR_REPLY_HEADER = 'Sy-Error';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export type RequestHandler<K extends RequestName> = (
  req: RequestPayloads[K]['request'],
  headers: Record<string, string>,
) => Promise<Uint8Array | object>;

/**
 * Pure: the error reply for a thrown error. Only errors that carry a `retryable` flag (our error classes, whose
 * messages are written for callers) keep their message; anything else is answered as "internal error" so a driver
 * message with a connection string or key never leaves the process.
 */
export function errorReplyFor(err: unknown): RequestErrorReply {
  const flagged = err as Error & { retryable?: unknown; code?: unknown };
  if (err instanceof Error && typeof flagged.retryable === 'boolean') {
    const code = flagged.code;
    return {
      error: {
        code: typeof code === 'string' && code.length <= 64 ? code : err.name,
        message: err.message.slice(0, 500),
        retryable: flagged.retryable,
      },
    };
  }
  return { error: { code: 'internal', message: 'internal error', retryable: true } };
}

function headersToRecord(h: MsgHdrs | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!h) return out;
  for (const key of h.keys()) out[key] = h.get(key);
  return out;
}

/** NATS request/reply on the namespaced Requests subjects: asking (request) and answering (serve). */
@Injectable()
export class RequestClient {
  private readonly log: Logger;

  constructor(
    private readonly conn: NatsConnection,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.log = logger.child({ component: 'request-client' });
  }

  /**
   * Sends a JSON request and resolves with the raw reply bytes (an error reply included: decode with the
   * contracts' decoders). Rejects with a retryable RequestError on timeout, no responders or NATS unavailable.
   */
  async request<K extends RequestName>(
    name: K,
    payload: RequestPayloads[K]['request'],
    opts: { timeoutMs?: number; headers?: Record<string, string> } = {},
  ): Promise<Uint8Array> {
    const subject = this.conn.subject(Requests[name]);
    if (!this.conn.isConnected()) {
      throw new RequestError(`request ${name}: NATS is not connected`, 'unavailable', { request: name }, { retryable: true });
    }
    let h: MsgHdrs | undefined;
    if (opts.headers) {
      h = natsHeaders();
      for (const [k, v] of Object.entries(opts.headers)) h.set(k, v);
    }
    const timeout = opts.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    try {
      const reply = await this.conn.nc().request(subject, encoder.encode(JSON.stringify(payload)), { timeout, headers: h });
      return reply.data;
    } catch (err) {
      const code = err instanceof NatsError ? err.code : undefined;
      if (code === ErrorCode.Timeout) {
        throw new RequestError(`request ${name} timed out after ${timeout} ms`, 'timeout', { request: name }, { cause: err });
      }
      if (code === ErrorCode.NoResponders) {
        throw new RequestError(`request ${name}: no responders`, 'no_responders', { request: name }, { cause: err });
      }
      const message = err instanceof Error ? err.message : String(err);
      throw new RequestError(`request ${name} failed: ${message}`, 'failed', { request: name }, { cause: err });
    }
  }

  /**
   * Answers requests `name` in queue group = service name (replicas share them). The handler returns bytes or a
   * JSON-able object; a throw or an unparseable request is answered with a RequestErrorReply. Returns a function
   * that drains the subscription.
   */
  serve<K extends RequestName>(name: K, handler: RequestHandler<K>): () => Promise<void> {
    const sub = this.conn.nc().subscribe(this.conn.subject(Requests[name]), {
      queue: this.conn.service,
      callback: (err, msg) => {
        if (err) {
          this.log.warn({ request: name, err: err.message }, 'request subscription error');
          return;
        }
        void this.answer(name, handler, msg);
      },
    });
    return async () => {
      if (!sub.isClosed()) await sub.drain().catch(() => undefined);
    };
  }

  private async answer<K extends RequestName>(name: K, handler: RequestHandler<K>, msg: Msg): Promise<void> {
    if (!msg.reply) return;
    let request: RequestPayloads[K]['request'];
    try {
      const parsed: unknown = JSON.parse(decoder.decode(msg.data));
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
      request = parsed as RequestPayloads[K]['request'];
    } catch {
      this.respondError(msg, { error: { code: 'bad_request', message: 'request is not a JSON object', retryable: false } });
      return;
    }
    try {
      const result = await handler(request, headersToRecord(msg.headers));
      const bytes = result instanceof Uint8Array ? result : encoder.encode(JSON.stringify(result));
      msg.respond(bytes);
    } catch (err) {
      const reply = errorReplyFor(err);
      this.log.warn({ request: name, code: reply.error.code, err: err instanceof Error ? err.message : String(err) }, 'request failed');
      this.respondError(msg, reply);
    }
  }

  private respondError(msg: Msg, reply: RequestErrorReply): void {
    const h = natsHeaders();
    h.set(ERROR_REPLY_HEADER, reply.error.code);
    try {
      msg.respond(encoder.encode(JSON.stringify(reply)), { headers: h });
    } catch (err) {
      this.log.debug({ err: err instanceof Error ? err.message : String(err) }, 'could not send error reply');
    }
  }
}
