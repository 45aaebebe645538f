// Streams an established upstream SSE response to the client: translated/metered by the adapter's stream
// translator (the injected usage chunk dropped), written with backpressure, the first write timed (TTFT). A failure
// after the first byte ends the stream with an explicit OpenAI error event, never a clean-looking end.
import type { ServerResponse } from 'node:http';
import { UpstreamError } from '@switchyard/upstream-http';
import { streams, toOpenAiErrorEvent, type OpenAiError, type StreamTranslator, type Usage } from '../providers';
import type { EstablishedUpstream, RequestContext } from './proxy.types';

export interface RelayResult {
  outcome: 'ok' | 'error' | 'cancelled';
  usage: Usage | undefined;
  /** What went to the client, kept (bounded) only to estimate tokens when the upstream reports none. */
  forwarded: string;
  error?: OpenAiError;
}

const MAX_KEPT = 1024 * 1024;

class PassThroughTranslator implements StreamTranslator {
  push(chunk: string | Uint8Array): string {
    return typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
  }
  end(): string {
    return '';
  }
  usage(): Usage | undefined {
    return undefined;
  }
  error(): OpenAiError | undefined {
    return undefined;
  }
}

/** Resolves when the client can take more, or false when it went away. */
function drained(res: ServerResponse): Promise<boolean> {
  return new Promise((resolve) => {
    const onDrain = () => {
      res.off('close', onClose);
      resolve(true);
    };
    const onClose = () => {
      res.off('drain', onDrain);
      resolve(false);
    };
    res.once('drain', onDrain);
    res.once('close', onClose);
  });
}

export const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  connection: 'keep-alive',
  'x-accel-buffering': 'no',
};

export async function relayStream(ctx: RequestContext, upstream: EstablishedUpstream, res: ServerResponse): Promise<RelayResult> {
  const { adapter } = upstream.target;
  const parsed = ctx.parsed;
  const translator: StreamTranslator =
    streams(adapter) && parsed
      ? adapter.createStreamTranslator(parsed.endpoint, { ...upstream.usagePlan, requestId: ctx.requestId })
      : new PassThroughTranslator();
  let forwarded = '';
  let kept = 0;
  let wroteBody = false;

  const write = async (text: string): Promise<boolean> => {
    if (text === '') return true;
    if (!wroteBody) {
      wroteBody = true;
      ctx.ttftMs = performance.now() - ctx.startedAt;
    }
    if (kept < MAX_KEPT) {
      forwarded += text;
      kept += text.length;
    }
    if (res.destroyed) return false;
    return res.write(text) ? true : drained(res);
  };

  res.writeHead(200, { ...SSE_HEADERS, 'x-request-id': ctx.requestId });
  try {
    if (upstream.firstChunk && !(await write(translator.push(upstream.firstChunk)))) return cancelled(upstream, translator, forwarded);
    const chunks = upstream.chunks;
    if (chunks) {
      for (;;) {
        const next = await chunks.next();
        if (next.done) break;
        if (!(await write(translator.push(next.value)))) return cancelled(upstream, translator, forwarded);
      }
    }
    await write(translator.end());
    res.end();
    const error = translator.error();
    return { outcome: error ? 'error' : 'ok', usage: translator.usage(), forwarded, error };
  } catch (err) {
    if (ctx.abort.aborted || res.destroyed) return cancelled(upstream, translator, forwarded);
    const error: OpenAiError = {
      status: err instanceof UpstreamError && err.kind === 'timeout' ? 504 : 502,
      type: 'upstream_error',
      code: err instanceof UpstreamError && err.kind === 'timeout' ? 'upstream_timeout' : 'upstream_stream_interrupted',
      message: `the upstream stream failed after it started: ${err instanceof Error ? err.message : 'unknown error'}`,
      retryable: false,
    };
    // Whatever the translator still holds, then the explicit error event; no [DONE] after it.
    const rest = safeEnd(translator);
    if (rest && !res.destroyed) res.write(rest);
    if (!res.destroyed) res.end(toOpenAiErrorEvent(error));
    return { outcome: 'error', usage: translator.usage(), forwarded, error };
  }
}

function safeEnd(t: StreamTranslator): string {
  try {
    return t.end();
  } catch {
    return '';
  }
}

function cancelled(upstream: EstablishedUpstream, translator: StreamTranslator, forwarded: string): RelayResult {
  upstream.response.destroy();
  return { outcome: 'cancelled', usage: translator.usage(), forwarded };
}
