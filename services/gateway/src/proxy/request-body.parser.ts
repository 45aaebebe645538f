// Pure validation of a client's request body: strict UTF-8, JSON object, `model` present, the endpoint's required
// field present and every known field of the right type. Anything else is a 400 naming the parameter.
import type { Endpoint } from '../providers';
import { GatewayErrors } from '../errors/gateway.error';

export interface ParsedRequest {
  endpoint: Endpoint;
  body: Record<string, unknown>;
  /** The body text as received (what `body` was parsed from). */
  text: string;
  model: string;
  stream: boolean;
  /** The client asked for `stream_options.include_usage`. */
  clientWantsUsage: boolean;
  /** max_tokens / max_completion_tokens when given. */
  maxTokens: number | undefined;
  /** The `user` field (sticky sessions, usage records). */
  user: string | undefined;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

type Check = (value: unknown) => boolean;
const isString: Check = (v) => typeof v === 'string';
const isBool: Check = (v) => typeof v === 'boolean';
const isNumber: Check = (v) => typeof v === 'number' && Number.isFinite(v);
const isCount: Check = (v) => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isPositiveInt: Check = (v) => typeof v === 'number' && Number.isInteger(v) && v >= 1;
const isObject: Check = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStringOrArray: Check = (v) => typeof v === 'string' || Array.isArray(v);

/** Optional fields: null is accepted (OpenAI's SDKs send it), anything else must pass the check. */
const COMMON_FIELDS: ReadonlyArray<[string, Check, string]> = [
  ['stream', isBool, 'a boolean'],
  ['stream_options', isObject, 'an object'],
  ['max_tokens', isCount, 'a non-negative integer'],
  ['max_completion_tokens', isCount, 'a non-negative integer'],
  ['n', isPositiveInt, 'an integer >= 1'],
  ['temperature', isNumber, 'a number'],
  ['top_p', isNumber, 'a number'],
  ['presence_penalty', isNumber, 'a number'],
  ['frequency_penalty', isNumber, 'a number'],
  ['seed', isNumber, 'a number'],
  ['user', isString, 'a string'],
  ['stop', isStringOrArray, 'a string or an array'],
];

const ENDPOINT_FIELDS: Readonly<Record<Endpoint, ReadonlyArray<[string, Check, string]>>> = {
  chat: [
    ['tools', Array.isArray, 'an array'],
    ['response_format', isObject, 'an object'],
  ],
  completion: [['echo', isBool, 'a boolean']],
  embedding: [
    ['encoding_format', isString, 'a string'],
    ['dimensions', isPositiveInt, 'an integer >= 1'],
  ],
};

/** Every checked field per endpoint, built once. */
const FIELDS_BY_ENDPOINT: Readonly<Record<Endpoint, ReadonlyArray<[string, Check, string]>>> = {
  chat: [...COMMON_FIELDS, ...ENDPOINT_FIELDS.chat],
  completion: [...COMMON_FIELDS, ...ENDPOINT_FIELDS.completion],
  embedding: [...COMMON_FIELDS, ...ENDPOINT_FIELDS.embedding],
};

/** Deepest nesting of arrays/objects in JSON text (strings skipped); stops counting past `limit`. */
export function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > limit) return true;
    } else if (c === 125 || c === 93) depth--;
  }
  return false;
}

/** Bodies nested deeper than this are refused: nothing legitimate needs it, and recursion downstream would. */
export const MAX_JSON_DEPTH = 64;

function bad(message: string, param: string | null, code = 'invalid_request'): never {
  throw GatewayErrors.invalidBody(message, param, code);
}

function checkMessages(messages: unknown): void {
  if (messages === undefined || messages === null) bad("'messages' is required", 'messages', 'missing_required_parameter');
  if (!Array.isArray(messages)) bad("'messages' must be an array", 'messages', 'invalid_type');
  if (messages.length === 0) bad("'messages' must contain at least one message", 'messages');
  for (let i = 0; i < messages.length; i++) {
    const m: unknown = messages[i];
    if (!isObject(m)) bad(`'messages[${i}]' must be an object`, `messages[${i}]`, 'invalid_type');
    const role = (m as Record<string, unknown>).role;
    if (typeof role !== 'string' || role === '') bad(`'messages[${i}].role' must be a non-empty string`, `messages[${i}].role`, 'invalid_type');
    const content = (m as Record<string, unknown>).content;
    if (content !== undefined && content !== null && typeof content !== 'string' && !Array.isArray(content)) {
      bad(`'messages[${i}].content' must be a string or an array of parts`, `messages[${i}].content`, 'invalid_type');
    }
  }
}

function checkPromptLike(body: Record<string, unknown>, field: 'prompt' | 'input'): void {
  const value = body[field];
  if (value === undefined || value === null) bad(`'${field}' is required`, field, 'missing_required_parameter');
  if (typeof value === 'string') return;
  if (!Array.isArray(value)) bad(`'${field}' must be a string or an array`, field, 'invalid_type');
  if (value.length === 0) bad(`'${field}' must not be empty`, field);
  for (const item of value) {
    const ok = typeof item === 'string' || isCount(item) || (Array.isArray(item) && item.every(isCount));
    if (!ok) bad(`'${field}' must hold strings or token ids`, field, 'invalid_type');
  }
}

/** Decodes and validates a body for `endpoint`; throws GatewayError 400. */
export function parseRequestBody(raw: Buffer | string | undefined, endpoint: Endpoint): ParsedRequest {
  if (raw === undefined || raw.length === 0) bad('The request body is empty: send a JSON object.', null);
  let text: string;
  if (typeof raw === 'string') text = raw;
  else {
    try {
      text = decoder.decode(raw);
    } catch {
      bad('The request body is not valid UTF-8.', null, 'invalid_encoding');
    }
  }
  if (jsonDepthExceeds(text, MAX_JSON_DEPTH)) bad(`The JSON body is nested deeper than ${MAX_JSON_DEPTH} levels.`, null, 'invalid_request');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    bad('We could not parse the JSON body of your request.', null, 'invalid_json');
  }
  if (!isObject(parsed)) bad('The request body must be a JSON object.', null, 'invalid_type');
  const body = parsed as Record<string, unknown>;

  const model = body.model;
  if (model === undefined || model === null || model === '') bad("'model' is required", 'model', 'missing_required_parameter');
  if (typeof model !== 'string') bad("'model' must be a string", 'model', 'invalid_type');
  if (model.length > 256) bad("'model' is too long", 'model');

  for (const [field, check, what] of FIELDS_BY_ENDPOINT[endpoint]) {
    const value = body[field];
    if (value !== undefined && value !== null && !check(value)) bad(`'${field}' must be ${what}`, field, 'invalid_type');
  }
  if (endpoint === 'chat') checkMessages(body.messages);
  else checkPromptLike(body, endpoint === 'completion' ? 'prompt' : 'input');

  const stream = endpoint !== 'embedding' && body.stream === true;
  const options = body.stream_options as Record<string, unknown> | null | undefined;
  const maxTokens = (body.max_completion_tokens ?? body.max_tokens) as number | null | undefined;
  return {
    endpoint,
    body,
    text,
    model,
    stream,
    clientWantsUsage: stream && isObject(options) && options?.include_usage === true,
    maxTokens: typeof maxTokens === 'number' ? maxTokens : undefined,
    user: typeof body.user === 'string' ? body.user : undefined,
  };
}
