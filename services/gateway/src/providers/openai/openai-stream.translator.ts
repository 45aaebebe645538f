// Pass-through of an OpenAI-format SSE stream: every event forwarded byte for byte, usage captured from any
// chunk that carries it, and the usage-only final chunk dropped when the gateway (not the client) asked for it.
import type { StreamContext, StreamTranslator, Usage } from '../provider-adapter';
import { asRecord, parseJson } from '../shared/json-guards';
import { SseEventParser, type SseEvent } from '../shared/sse-event.parser';
import { cleanMessage, type OpenAiError } from '../upstream-error.mapping';
import { extractOpenAiUsage } from './openai-usage.extractor';

/** The chunk `stream_options.include_usage` adds before [DONE]: no choices (empty, null or absent), a usage object. */
export function isUsageOnlyChunk(json: unknown): boolean {
  const chunk = asRecord(json);
  if (!chunk || !asRecord(chunk.usage)) return false;
  const choices = chunk.choices;
  return choices === undefined || choices === null || (Array.isArray(choices) && choices.length === 0);
}

/** A `\u` escape (could spell a key), an `"error"` key, or a `"usage"` whose value is not null. */
const NEEDS_PARSE = /\\u|"error"|"usage"(?!:null)/;

/**
 * True when a chunk's JSON text certainly carries no usage object and no `error` key, so it need not be parsed:
 * without `\u` escapes a key named usage or error can only be written `"usage"` / `"error"`, and a chunk whose
 * every `"usage"` is followed by `:null` (vLLM puts that in every chunk) reports no usage. Anything else is parsed.
 */
export function isPlainChunk(data: string): boolean {
  return !NEEDS_PARSE.test(data);
}

export class OpenAiStreamTranslator implements StreamTranslator {
  private readonly parser = new SseEventParser();
  private lastUsage: Usage | undefined;
  private upstreamError: OpenAiError | undefined;

  constructor(private readonly ctx: Pick<StreamContext, 'includeUsageAdded'>) {}

  push(chunk: string | Uint8Array): string {
    const text = this.parser.decode(chunk);
    // Whole blocks that certainly carry no usage and no error (most of a stream) go through without event objects.
    const plain = this.parser.takePlainBlocks(text, NEEDS_PARSE);
    if (plain.length === text.length) return plain;
    return plain + this.forward(this.parser.push(plain === '' ? text : text.slice(plain.length)));
  }

  end(): string {
    return this.forward(this.parser.end());
  }

  usage(): Usage | undefined {
    return this.lastUsage;
  }

  error(): OpenAiError | undefined {
    return this.upstreamError;
  }

  private forward(events: SseEvent[]): string {
    let out = '';
    for (const event of events) if (this.keep(event)) out += event.raw;
    return out;
  }

  private keep(event: SseEvent): boolean {
    if (event.data === undefined || event.data === '[DONE]') return true;
    if (isPlainChunk(event.data)) return true;
    const parsed = parseJson(event.data);
    if (!parsed.ok) return true; // not ours to judge: forward it as it came
    const usage = extractOpenAiUsage(parsed.value);
    if (usage) this.lastUsage = usage;
    this.noteError(parsed.value);
    return !(this.ctx.includeUsageAdded && isUsageOnlyChunk(parsed.value));
  }

  private noteError(json: unknown): void {
    const error = asRecord(asRecord(json)?.error);
    if (!error || this.upstreamError) return;
    this.upstreamError = {
      status: 502,
      type: 'upstream_error',
      code: typeof error.code === 'string' ? error.code : null,
      message: typeof error.message === 'string' ? cleanMessage(error.message) : 'upstream reported an error mid-stream',
      retryable: false,
    };
  }
}
