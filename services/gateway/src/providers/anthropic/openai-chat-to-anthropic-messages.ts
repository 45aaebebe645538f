// OpenAI chat.completions request -> Anthropic Messages request. System/developer messages become `system`,
// consecutive same-role turns are merged (tool results join the following user turn), `max_tokens` is always
// set, tools and tool calls become tool_use / tool_result blocks, data-URL images become base64 sources.
// Sampling knobs Anthropic lacks (penalties, seed, logit_bias, logprobs, response_format) are dropped.
import { ProviderRequestError } from '../provider.errors';
import { asRecord, asString, isRecord, parseJson, type JsonRecord } from '../shared/json-guards';
import type {
  AnthropicContentBlock,
  AnthropicImageBlock,
  AnthropicMessage,
  AnthropicMessagesRequest,
  AnthropicTextBlock,
  AnthropicTool,
  AnthropicToolChoice,
  AnthropicToolUseBlock,
} from './anthropic.types';

export const DEFAULT_ANTHROPIC_MAX_TOKENS = 4096;

export function openAiChatToAnthropicMessages(
  body: JsonRecord,
  upstreamModel: string,
  opts: { stream: boolean },
): AnthropicMessagesRequest {
  if (!isRecord(body)) throw new ProviderRequestError('request body must be a JSON object');
  if (!Array.isArray(body.messages)) {
    throw new ProviderRequestError("'messages' must be an array", 'invalid_type', 'messages');
  }
  if (typeof body.n === 'number' && body.n > 1) {
    throw new ProviderRequestError("'n' greater than 1 is not supported by this model's provider", 'unsupported_parameter', 'n');
  }

  const system: AnthropicTextBlock[] = [];
  const messages: AnthropicMessage[] = [];
  body.messages.forEach((raw: unknown, i: number) => {
    const message = asRecord(raw);
    const where = `messages[${i}]`;
    if (!message) throw new ProviderRequestError(`${where} must be an object`, 'invalid_type', where);
    const role = message.role;
    if (role === 'system' || role === 'developer') {
      system.push(...textBlocks(message.content, where));
      return;
    }
    let turn: AnthropicMessage;
    if (role === 'user') turn = { role: 'user', content: userBlocks(message.content, where) };
    else if (role === 'assistant') turn = { role: 'assistant', content: assistantBlocks(message, where) };
    else if (role === 'tool') turn = { role: 'user', content: [toolResultBlock(message, where)] };
    else throw new ProviderRequestError(`${where}.role '${String(role)}' is not supported`, 'invalid_value', `${where}.role`);
    appendMerged(messages, turn);
  });
  if (messages.length === 0) {
    throw new ProviderRequestError("'messages' must contain at least one user or assistant message", 'invalid_value', 'messages');
  }

  const request: AnthropicMessagesRequest = { model: upstreamModel, max_tokens: maxTokens(body), messages };
  if (system.length > 0) request.system = system;
  if (typeof body.temperature === 'number') request.temperature = body.temperature;
  if (typeof body.top_p === 'number') request.top_p = body.top_p;
  const stops = stopSequences(body.stop);
  if (stops) request.stop_sequences = stops;
  if (opts.stream) request.stream = true;
  if (typeof body.user === 'string' && body.user !== '') request.metadata = { user_id: body.user };
  const tools = toolsOf(body.tools);
  if (tools) request.tools = tools;
  const choice = toolChoiceOf(body.tool_choice, body.parallel_tool_calls);
  if (choice) request.tool_choice = choice;
  return request;
}

function appendMerged(messages: AnthropicMessage[], turn: AnthropicMessage): void {
  if (turn.content.length === 0) return;
  const last = messages[messages.length - 1];
  if (last && last.role === turn.role) last.content.push(...turn.content);
  else messages.push(turn);
}

function maxTokens(body: JsonRecord): number {
  const param = body.max_completion_tokens !== undefined && body.max_completion_tokens !== null ? 'max_completion_tokens' : 'max_tokens';
  const value = body[param];
  if (value === undefined || value === null) return DEFAULT_ANTHROPIC_MAX_TOKENS;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new ProviderRequestError(`'${param}' must be a positive integer`, 'invalid_value', param);
  }
  return value;
}

function stopSequences(stop: unknown): string[] | undefined {
  if (typeof stop === 'string') return stop === '' ? undefined : [stop];
  if (Array.isArray(stop)) {
    const list = stop.filter((s): s is string => typeof s === 'string' && s !== '');
    return list.length > 0 ? list : undefined;
  }
  return undefined;
}

/** Text only (system, tool results): a string or an array of text parts. */
function textBlocks(content: unknown, where: string): AnthropicTextBlock[] {
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', text: content }];
  if (content === null || content === undefined) return [];
  if (!Array.isArray(content)) throw new ProviderRequestError(`${where}.content must be a string or an array`, 'invalid_type', `${where}.content`);
  return content.flatMap((part: unknown, j: number) => {
    const p = asRecord(part);
    const text = asString(p?.text);
    if (p?.type !== 'text' || text === undefined) {
      throw new ProviderRequestError(`${where}.content[${j}] must be a text part`, 'invalid_value', `${where}.content[${j}]`);
    }
    return text === '' ? [] : [{ type: 'text' as const, text }];
  });
}

function userBlocks(content: unknown, where: string): AnthropicContentBlock[] {
  if (!Array.isArray(content)) return textBlocks(content, where);
  return content.flatMap((part: unknown, j: number): AnthropicContentBlock[] => {
    const p = asRecord(part);
    const at = `${where}.content[${j}]`;
    if (p?.type === 'text' && typeof p.text === 'string') return p.text === '' ? [] : [{ type: 'text', text: p.text }];
    if (p?.type === 'image_url') return [imageBlock(p.image_url, at)];
    throw new ProviderRequestError(
      `${at}: content part type '${String(p?.type)}' is not supported by this model's provider`,
      'unsupported_content',
      at,
    );
  });
}

const DATA_URL = /^data:([^;,]+)((?:;[^;,]*)*),(.*)$/s;

function imageBlock(imageUrl: unknown, where: string): AnthropicImageBlock {
  const url = typeof imageUrl === 'string' ? imageUrl : asString(asRecord(imageUrl)?.url);
  if (!url) throw new ProviderRequestError(`${where}.image_url.url is required`, 'invalid_value', `${where}.image_url`);
  if (url.startsWith('data:')) {
    const match = DATA_URL.exec(url);
    if (!match || !match[2].split(';').includes('base64')) {
      throw new ProviderRequestError(`${where}: image data URLs must be base64-encoded`, 'invalid_value', `${where}.image_url`);
    }
    return { type: 'image', source: { type: 'base64', media_type: match[1], data: match[3] } };
  }
  if (/^https?:\/\//i.test(url)) return { type: 'image', source: { type: 'url', url } };
  throw new ProviderRequestError(`${where}: image_url must be an http(s) or data URL`, 'invalid_value', `${where}.image_url`);
}

function assistantBlocks(message: JsonRecord, where: string): AnthropicContentBlock[] {
  const blocks: AnthropicContentBlock[] = [];
  const content = message.content;
  if (Array.isArray(content)) {
    content.forEach((part: unknown, j: number) => {
      const p = asRecord(part);
      const text = p?.type === 'text' ? asString(p.text) : p?.type === 'refusal' ? asString(p.refusal) : undefined;
      if (text === undefined) {
        throw new ProviderRequestError(`${where}.content[${j}] must be a text or refusal part`, 'invalid_value', `${where}.content[${j}]`);
      }
      if (text !== '') blocks.push({ type: 'text', text });
    });
  } else {
    blocks.push(...textBlocks(content, where));
  }
  const calls = message.tool_calls;
  if (calls !== undefined && calls !== null) {
    if (!Array.isArray(calls)) throw new ProviderRequestError(`${where}.tool_calls must be an array`, 'invalid_type', `${where}.tool_calls`);
    calls.forEach((call: unknown, k: number) => blocks.push(toolUseBlock(call, `${where}.tool_calls[${k}]`)));
  }
  return blocks;
}

function toolUseBlock(call: unknown, where: string): AnthropicToolUseBlock {
  const c = asRecord(call);
  const fn = asRecord(c?.function);
  const id = asString(c?.id);
  const name = asString(fn?.name);
  if (!id || !name) throw new ProviderRequestError(`${where} needs an id and function.name`, 'invalid_value', where);
  const args = fn?.arguments;
  let input: unknown = {};
  if (typeof args === 'string' && args.trim() !== '') {
    const parsed = parseJson(args);
    if (!parsed.ok) {
      throw new ProviderRequestError(`${where}.function.arguments is not valid JSON`, 'invalid_value', `${where}.function.arguments`);
    }
    input = parsed.value;
  } else if (isRecord(args)) {
    input = args;
  }
  if (!isRecord(input)) {
    throw new ProviderRequestError(`${where}.function.arguments must be a JSON object`, 'invalid_value', `${where}.function.arguments`);
  }
  return { type: 'tool_use', id, name, input };
}

function toolResultBlock(message: JsonRecord, where: string): AnthropicContentBlock {
  const id = asString(message.tool_call_id);
  if (!id) throw new ProviderRequestError(`${where}.tool_call_id is required`, 'missing_required_parameter', `${where}.tool_call_id`);
  const content = typeof message.content === 'string' ? message.content : textBlocks(message.content, where);
  return { type: 'tool_result', tool_use_id: id, content };
}

function toolsOf(tools: unknown): AnthropicTool[] | undefined {
  if (tools === undefined || tools === null) return undefined;
  if (!Array.isArray(tools)) throw new ProviderRequestError("'tools' must be an array", 'invalid_type', 'tools');
  if (tools.length === 0) return undefined;
  return tools.map((tool: unknown, i: number): AnthropicTool => {
    const t = asRecord(tool);
    const fn = asRecord(t?.function);
    const name = asString(fn?.name);
    if (t?.type !== 'function' || !name) {
      throw new ProviderRequestError(`tools[${i}] must be a function tool with a name`, 'invalid_value', `tools[${i}]`);
    }
    const out: AnthropicTool = { name, input_schema: asRecord(fn?.parameters) ?? { type: 'object', properties: {} } };
    const description = asString(fn?.description);
    if (description) out.description = description;
    return out;
  });
}

function toolChoiceOf(choice: unknown, parallel: unknown): AnthropicToolChoice | undefined {
  const disable = parallel === false ? { disable_parallel_tool_use: true } : {};
  if (choice === undefined || choice === null) return parallel === false ? { type: 'auto', ...disable } : undefined;
  if (choice === 'auto') return { type: 'auto', ...disable };
  if (choice === 'required') return { type: 'any', ...disable };
  if (choice === 'none') return { type: 'none' };
  const name = asString(asRecord(asRecord(choice)?.function)?.name);
  if (asRecord(choice)?.type === 'function' && name) return { type: 'tool', name, ...disable };
  throw new ProviderRequestError("'tool_choice' must be 'auto', 'required', 'none' or a function choice", 'invalid_value', 'tool_choice');
}
