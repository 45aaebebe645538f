// Anthropic Messages response -> OpenAI chat.completion: text blocks joined into `content`, tool_use blocks
// as `tool_calls`, stop_reason as finish_reason, usage with cache reads/writes counted as prompt tokens.
import type { TranslateOptions, Usage } from '../provider-adapter';
import { UpstreamProtocolError } from '../provider.errors';
import { asCount, asRecord, asString, type JsonRecord } from '../shared/json-guards';

export type OpenAiFinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter';

export function mapAnthropicStopReason(reason: unknown): OpenAiFinishReason {
  switch (reason) {
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool_calls';
    case 'refusal':
      return 'content_filter';
    default:
      return 'stop'; // end_turn, stop_sequence, pause_turn, unknown
  }
}

/** prompt = input + cache reads + cache writes; cached = cache reads. Undefined without any count. */
export function anthropicUsage(usage: unknown): Usage | undefined {
  const u = asRecord(usage);
  if (!u) return undefined;
  const input = asCount(u.input_tokens);
  const output = asCount(u.output_tokens);
  if (input === undefined && output === undefined) return undefined;
  const cacheRead = asCount(u.cache_read_input_tokens) ?? 0;
  const cacheWrite = asCount(u.cache_creation_input_tokens) ?? 0;
  return {
    promptTokens: (input ?? 0) + cacheRead + cacheWrite,
    cachedTokens: cacheRead,
    completionTokens: output ?? 0,
    cacheCreationTokens: cacheWrite,
  };
}

export function usageToOpenAi(usage: Usage): JsonRecord {
  return {
    prompt_tokens: usage.promptTokens,
    completion_tokens: usage.completionTokens,
    total_tokens: usage.promptTokens + usage.completionTokens,
    prompt_tokens_details: { cached_tokens: usage.cachedTokens },
  };
}

export function nowSeconds(opts?: TranslateOptions): number {
  return opts?.now ? opts.now() : Math.floor(Date.now() / 1000);
}

export function anthropicMessagesToOpenAiChat(json: unknown, opts?: TranslateOptions): JsonRecord {
  const message = asRecord(json);
  if (!message || !Array.isArray(message.content)) {
    throw new UpstreamProtocolError('anthropic response is not a message (no content array)');
  }
  let text = '';
  let sawText = false;
  const toolCalls: JsonRecord[] = [];
  for (const raw of message.content) {
    const block = asRecord(raw);
    if (block?.type === 'text' && typeof block.text === 'string') {
      text += block.text;
      sawText = true;
    } else if (block?.type === 'tool_use') {
      const id = asString(block.id);
      const name = asString(block.name);
      if (!id || !name) throw new UpstreamProtocolError('anthropic tool_use block without id or name');
      toolCalls.push({ id, type: 'function', function: { name, arguments: JSON.stringify(block.input ?? {}) } });
    }
    // thinking, redacted_thinking and server-tool blocks have no chat.completion equivalent
  }
  const assistant: JsonRecord = {
    role: 'assistant',
    content: sawText || toolCalls.length === 0 ? text : null,
    refusal: null,
  };
  if (toolCalls.length > 0) assistant.tool_calls = toolCalls;
  const usage = anthropicUsage(message.usage) ?? { promptTokens: 0, cachedTokens: 0, completionTokens: 0 };
  return {
    id: asString(message.id) ?? 'msg_unknown',
    object: 'chat.completion',
    created: nowSeconds(opts),
    model: asString(message.model) ?? '',
    choices: [{ index: 0, message: assistant, logprobs: null, finish_reason: mapAnthropicStopReason(message.stop_reason) }],
    usage: usageToOpenAi(usage),
  };
}
