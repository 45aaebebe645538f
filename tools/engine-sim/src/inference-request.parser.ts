// Validation of chat, completion and embedding request bodies into what the simulator needs to answer them:
// token counts, choice count, stream flags. Errors carry vLLM's status and message. Pure.
import { EngineErrorResponse, engineError, modelNotFound } from './engine-error.formatter';
import { countChatPromptTokens, countTokens } from './tokenizer';

export type FinishReason = 'stop' | 'length';

export interface GenerationRequest {
  /** Sum over prompts of their prompt tokens. */
  promptTokens: number;
  /** Choices in the answer: prompts × n. */
  choices: number;
  /** Tokens generated for each choice. */
  completionTokens: number;
  finishReason: FinishReason;
  stream: boolean;
  includeUsage: boolean;
}

export interface EmbeddingRequest {
  /** One seed string per input, in order. */
  seeds: string[];
  promptTokens: number;
  base64: boolean;
  /** Requested dimensions, or 0 for the served default. */
  dimensions: number;
}

export interface ParseLimits {
  model: string;
  maxModelLen: number;
  defaultMaxTokens: number;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: EngineErrorResponse };

type Body = Record<string, unknown>;
const MAX_N = 128;

function fail<T>(message: string, status = 400): Parsed<T> {
  return { ok: false, error: engineError(status, message) };
}

function asBody(body: unknown): Body | null {
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Body) : null;
}

/** null when the model matches the served one (or is absent, which vLLM accepts). */
function checkModel(body: Body, served: string): EngineErrorResponse | null {
  const model = body.model;
  if (model === undefined || model === null || model === served) return null;
  if (typeof model !== 'string') return engineError(400, 'model: Input should be a valid string');
  return modelNotFound(model);
}

function isPositiveInt(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1;
}

interface CommonOptions {
  maxTokens: number | null;
  n: number;
  stream: boolean;
  includeUsage: boolean;
}

function parseCommon(body: Body, maxTokensField: 'max_tokens' | 'max_completion_tokens' | null): Parsed<CommonOptions> {
  let maxTokens: number | null = null;
  for (const field of maxTokensField ? ['max_tokens', maxTokensField] : ['max_tokens']) {
    const value = body[field];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'number' || !Number.isInteger(value)) return fail(`${field}: Input should be a valid integer`);
    if (value < 1) return fail(`max_tokens must be at least 1, got ${value}.`);
    maxTokens = value;
  }
  const n = body.n ?? 1;
  if (!isPositiveInt(n) || n > MAX_N) return fail(`n must be an integer between 1 and ${MAX_N}, got ${JSON.stringify(n)}.`);
  const stream = body.stream ?? false;
  if (typeof stream !== 'boolean') return fail('stream: Input should be a valid boolean');
  const options = body.stream_options;
  let includeUsage = false;
  if (options !== undefined && options !== null) {
    if (!stream) return fail('Stream options can only be defined when `stream=True`.');
    const parsed = asBody(options);
    if (!parsed) return fail('stream_options: Input should be a valid dictionary');
    includeUsage = parsed.include_usage === true;
  }
  return { ok: true, value: { maxTokens, n, stream, includeUsage } };
}

function sizeGeneration(
  promptTokensEach: number[],
  common: CommonOptions,
  limits: ParseLimits,
  promptWord: 'messages' | 'prompt',
): Parsed<GenerationRequest> {
  let longest = 0;
  let total = 0;
  for (const tokens of promptTokensEach) {
    if (tokens > longest) longest = tokens;
    total += tokens;
  }
  const room = limits.maxModelLen - longest;
  if (room <= 0) {
    return fail(
      `This model's maximum context length is ${limits.maxModelLen} tokens. However, you requested ${longest} tokens in the ${promptWord}, Please reduce the length of the ${promptWord}.`,
    );
  }
  let completionTokens: number;
  let finishReason: FinishReason;
  if (common.maxTokens !== null) {
    if (common.maxTokens > room) {
      return fail(
        `This model's maximum context length is ${limits.maxModelLen} tokens. However, you requested ${longest + common.maxTokens} tokens (${longest} in the ${promptWord}, ${common.maxTokens} in the completion). Please reduce the length of the ${promptWord} or completion.`,
      );
    }
    completionTokens = common.maxTokens;
    finishReason = 'length';
  } else {
    completionTokens = Math.min(limits.defaultMaxTokens, room);
    finishReason = completionTokens < limits.defaultMaxTokens ? 'length' : 'stop';
  }
  return {
    ok: true,
    value: {
      promptTokens: total * common.n,
      choices: promptTokensEach.length * common.n,
      completionTokens,
      finishReason,
      stream: common.stream,
      includeUsage: common.includeUsage,
    },
  };
}

export function parseChatRequest(input: unknown, limits: ParseLimits): Parsed<GenerationRequest> {
  const body = asBody(input);
  if (!body) return fail('Request body must be a JSON object');
  const modelError = checkModel(body, limits.model);
  if (modelError) return { ok: false, error: modelError };
  const messages = body.messages;
  if (messages === undefined) return fail('messages: Field required');
  if (!Array.isArray(messages)) return fail('messages: Input should be a valid list');
  if (messages.length === 0) return fail('messages: List should have at least 1 item');
  for (let i = 0; i < messages.length; i++) {
    const message = asBody(messages[i]);
    if (!message || typeof message.role !== 'string') return fail(`messages.${i}.role: Field required`);
  }
  const common = parseCommon(body, 'max_completion_tokens');
  if (!common.ok) return common;
  const promptTokens = countChatPromptTokens(messages as Array<{ content?: unknown }>);
  const sized = sizeGeneration([promptTokens], common.value, limits, 'messages');
  if (sized.ok) sized.value.promptTokens = promptTokens; // n choices share one prompt
  return sized;
}

function isTokenArray(value: unknown): value is number[] {
  if (!Array.isArray(value) || value.length === 0) return false;
  for (const item of value) if (typeof item !== 'number' || !Number.isInteger(item) || item < 0) return false;
  return true;
}

/** Splits a completions `prompt` or embeddings `input` into one seed text and token count per item. */
function splitPrompts(value: unknown, field: string): Parsed<Array<{ seed: string; tokens: number }>> {
  if (typeof value === 'string') return { ok: true, value: [{ seed: value, tokens: countTokens(value) }] };
  if (isTokenArray(value)) return { ok: true, value: [{ seed: value.join(','), tokens: value.length }] };
  if (!Array.isArray(value)) {
    return fail(value === undefined ? `${field}: Field required` : `${field}: Input should be a string, a list of strings or a list of token ids`);
  }
  if (value.length === 0) return fail(`${field}: List should have at least 1 item`);
  const items: Array<{ seed: string; tokens: number }> = [];
  for (const item of value) {
    if (typeof item === 'string') items.push({ seed: item, tokens: countTokens(item) });
    else if (isTokenArray(item)) items.push({ seed: item.join(','), tokens: item.length });
    else return fail(`${field}: every item must be a string or a non-empty list of token ids`);
  }
  return { ok: true, value: items };
}

export function parseCompletionRequest(input: unknown, limits: ParseLimits): Parsed<GenerationRequest> {
  const body = asBody(input);
  if (!body) return fail('Request body must be a JSON object');
  const modelError = checkModel(body, limits.model);
  if (modelError) return { ok: false, error: modelError };
  const prompts = splitPrompts(body.prompt, 'prompt');
  if (!prompts.ok) return prompts;
  const tokensEach = prompts.value.map((p) => p.tokens);
  if (tokensEach.includes(0)) return fail('The decoder prompt cannot be empty');
  const common = parseCommon(body, null);
  if (!common.ok) return common;
  return sizeGeneration(tokensEach, common.value, limits, 'prompt');
}

export function parseEmbeddingRequest(input: unknown, limits: Pick<ParseLimits, 'model' | 'maxModelLen'>): Parsed<EmbeddingRequest> {
  const body = asBody(input);
  if (!body) return fail('Request body must be a JSON object');
  const modelError = checkModel(body, limits.model);
  if (modelError) return { ok: false, error: modelError };
  const inputs = splitPrompts(body.input, 'input');
  if (!inputs.ok) return inputs;
  let promptTokens = 0;
  for (const item of inputs.value) {
    if (item.seed.length === 0) return fail('input: an input cannot be an empty string');
    if (item.tokens > limits.maxModelLen) {
      return fail(`This model's maximum context length is ${limits.maxModelLen} tokens. However, you requested ${item.tokens} tokens in the input for embedding generation. Please reduce the length of the input.`);
    }
    promptTokens += item.tokens;
  }
  const format = body.encoding_format ?? 'float';
  if (format !== 'float' && format !== 'base64') return fail(`encoding_format: Input should be 'float' or 'base64'`);
  const dimensions = body.dimensions ?? 0;
  if (dimensions !== 0 && (!isPositiveInt(dimensions) || dimensions > 65536)) return fail('dimensions: must be a positive integer');
  return {
    ok: true,
    value: { seeds: inputs.value.map((i) => i.seed), promptTokens, base64: format === 'base64', dimensions: dimensions as number },
  };
}
