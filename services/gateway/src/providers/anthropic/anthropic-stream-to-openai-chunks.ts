// Anthropic Messages SSE (message_start, content_block_*, message_delta, message_stop, ping, error) ->
// OpenAI chat.completion.chunk SSE ending in `data: [DONE]`. Usage: input (and cache) tokens from
// message_start, output from message_delta; the final usage chunk is emitted only if the client asked for
// it. An `error` event, malformed data or a stream cut before message_stop becomes an OpenAI error event.
import type { StreamContext, StreamTranslator, Usage } from '../provider-adapter';
import { asCount, asRecord, asString, parseJson, type JsonRecord } from '../shared/json-guards';
import { SseEventParser, type SseEvent } from '../shared/sse-event.parser';
import { toOpenAiErrorEvent, type OpenAiError } from '../upstream-error.mapping';
import { anthropicErrorToOpenAi } from './anthropic-error.mapper';
import { anthropicUsage, mapAnthropicStopReason, usageToOpenAi } from './anthropic-messages-to-openai-chat';

const DONE = 'data: [DONE]\n\n';

export class AnthropicStreamTranslator implements StreamTranslator {
  private readonly parser = new SseEventParser();
  private readonly created: number;
  private id = '';
  private model = '';
  private started = false;
  private finishSent = false;
  private state: 'open' | 'done' | 'failed' = 'open';
  private failure: OpenAiError | undefined;
  /** Raw Anthropic usage counters, merged as events arrive (message_delta's are cumulative). */
  private readonly counters: JsonRecord = {};
  /** Anthropic content block index -> OpenAI tool_calls index. */
  private readonly toolIndexByBlock = new Map<number, number>();

  constructor(private readonly ctx: StreamContext) {
    this.created = ctx.now ? ctx.now() : Math.floor(Date.now() / 1000);
  }

  push(chunk: string | Uint8Array): string {
    return this.handleAll(this.parser.push(chunk));
  }

  end(): string {
    let out = this.handleAll(this.parser.end());
    if (this.state !== 'open') return out;
    if (this.finishSent) {
      out += this.closing(); // only message_stop was lost: the answer itself is complete
    } else {
      out += this.fail({
        status: 502,
        type: 'server_error',
        code: 'upstream_stream_truncated',
        message: 'the upstream stream ended before the message was complete',
        retryable: false,
      });
    }
    return out;
  }

  usage(): Usage | undefined {
    return anthropicUsage(this.counters);
  }

  error(): OpenAiError | undefined {
    return this.failure;
  }

  private handleAll(events: SseEvent[]): string {
    let out = '';
    for (const event of events) {
      if (this.state !== 'open') break;
      out += this.handle(event);
    }
    return out;
  }

  private handle(event: SseEvent): string {
    if (event.data === undefined) return '';
    const parsed = parseJson(event.data);
    const data = parsed.ok ? asRecord(parsed.value) : undefined;
    if (!data) {
      return this.fail({
        status: 502,
        type: 'upstream_error',
        code: 'upstream_protocol_error',
        message: 'the upstream sent a malformed stream event',
        retryable: false,
      });
    }
    switch (asString(data.type) ?? event.event) {
      case 'message_start':
        return this.onMessageStart(asRecord(data.message));
      case 'content_block_start':
        return this.onBlockStart(data.index, asRecord(data.content_block));
      case 'content_block_delta':
        return this.onBlockDelta(data.index, asRecord(data.delta));
      case 'message_delta':
        return this.onMessageDelta(asRecord(data.delta), asRecord(data.usage));
      case 'message_stop':
        return this.closing();
      case 'error':
        return this.fail(anthropicErrorToOpenAi(data.error, 0));
      default:
        return ''; // ping, content_block_stop, and event types added later
    }
  }

  private onMessageStart(message: JsonRecord | undefined): string {
    this.id = asString(message?.id) ?? this.id;
    this.model = asString(message?.model) ?? this.model;
    this.mergeUsage(asRecord(message?.usage));
    if (this.started) return '';
    this.started = true;
    return this.chunk({ role: 'assistant', content: '' });
  }

  private onBlockStart(index: unknown, block: JsonRecord | undefined): string {
    if (block?.type === 'tool_use' && typeof index === 'number') {
      const toolIndex = this.toolIndexByBlock.size;
      this.toolIndexByBlock.set(index, toolIndex);
      const call = { index: toolIndex, id: asString(block.id) ?? '', type: 'function', function: { name: asString(block.name) ?? '', arguments: '' } };
      return this.chunk({ tool_calls: [call] });
    }
    if (block?.type === 'text' && typeof block.text === 'string' && block.text !== '') return this.chunk({ content: block.text });
    return '';
  }

  private onBlockDelta(index: unknown, delta: JsonRecord | undefined): string {
    if (delta?.type === 'text_delta' && typeof delta.text === 'string' && delta.text !== '') {
      return this.chunk({ content: delta.text });
    }
    if (delta?.type === 'input_json_delta' && typeof delta.partial_json === 'string' && delta.partial_json !== '') {
      const toolIndex = typeof index === 'number' ? this.toolIndexByBlock.get(index) : undefined;
      if (toolIndex === undefined) return '';
      return this.chunk({ tool_calls: [{ index: toolIndex, function: { arguments: delta.partial_json } }] });
    }
    return ''; // thinking_delta, signature_delta, citations_delta
  }

  private onMessageDelta(delta: JsonRecord | undefined, usage: JsonRecord | undefined): string {
    this.mergeUsage(usage);
    if (delta?.stop_reason === undefined || delta.stop_reason === null || this.finishSent) return '';
    this.finishSent = true;
    return this.chunk({}, mapAnthropicStopReason(delta.stop_reason));
  }

  private mergeUsage(usage: JsonRecord | undefined): void {
    if (!usage) return;
    for (const key of ['input_tokens', 'output_tokens', 'cache_read_input_tokens', 'cache_creation_input_tokens']) {
      const value = asCount(usage[key]);
      if (value !== undefined) this.counters[key] = value;
    }
  }

  private closing(): string {
    this.state = 'done';
    const usage = this.usage();
    if (!this.ctx.clientRequestedUsage || !usage) return DONE;
    const chunk = { id: this.id, object: 'chat.completion.chunk', created: this.created, model: this.model, choices: [], usage: usageToOpenAi(usage) };
    return `data: ${JSON.stringify(chunk)}\n\n${DONE}`;
  }

  private fail(error: OpenAiError): string {
    this.state = 'failed';
    this.failure = error;
    return toOpenAiErrorEvent(error);
  }

  private chunk(delta: JsonRecord, finishReason: string | null = null): string {
    const chunk: JsonRecord = {
      id: this.id,
      object: 'chat.completion.chunk',
      created: this.created,
      model: this.model,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    };
    if (this.ctx.clientRequestedUsage) chunk.usage = null; // as OpenAI does on every chunk but the last
    return `data: ${JSON.stringify(chunk)}\n\n`;
  }
}
