// OpenAI-format request body for OpenAI-shaped upstreams (OpenAI, Azure, vLLM & co.): model replaced by the
// upstream's, `stream` set from the gateway's decision, `stream_options.include_usage` added when needed.
import type { BuildRequestOptions, Endpoint, ProviderTarget, StreamUsagePlan } from '../provider-adapter';
import { ProviderRequestError } from '../provider.errors';
import { isRecord, type JsonRecord } from '../shared/json-guards';

export const OPENAI_ENDPOINT_PATHS: Readonly<Record<Endpoint, string>> = {
  chat: 'chat/completions',
  completion: 'completions',
  embedding: 'embeddings',
};

const REQUIRED_FIELD: Readonly<Record<Endpoint, string>> = { chat: 'messages', completion: 'prompt', embedding: 'input' };

export interface OpenAiBody {
  body: JsonRecord;
  usagePlan: StreamUsagePlan;
  /**
   * How the client's body text becomes `body` without re-serialising: 'as-is' (same model, no stream field
   * changed), 'add-include-usage' (only `stream_options.include_usage` added, the client sent no stream_options),
   * undefined (anything else).
   */
  rawEdit?: 'as-is' | 'add-include-usage';
}

/** Whether `needle` occurs at most once in `text`. */
function atMostOnce(text: string, needle: string): boolean {
  const first = text.indexOf(needle);
  return first === -1 || text.indexOf(needle, first + needle.length) === -1;
}

/**
 * The upstream body text made from the client's text without re-serialising (see `rawEdit`), or undefined. Only
 * when the text has at most one `"model"` and one `"stream"` (a duplicated key could be read differently by
 * another JSON parser).
 */
export function passThroughText(built: OpenAiBody, rawBody: string | undefined): string | undefined {
  if (built.rawEdit === undefined || rawBody === undefined) return undefined;
  if (!atMostOnce(rawBody, '"model"') || !atMostOnce(rawBody, '"stream"')) return undefined;
  if (built.rawEdit === 'as-is') return rawBody;
  // A JSON object with a model field: its last character (trailing whitespace aside) is the closing brace.
  const end = rawBody.lastIndexOf('}');
  return end === -1 ? undefined : `${rawBody.slice(0, end)},"stream_options":{"include_usage":true}}`;
}

export function buildOpenAiBody(
  endpoint: Endpoint,
  clientBody: Record<string, unknown>,
  target: ProviderTarget,
  opts: BuildRequestOptions,
): OpenAiBody {
  if (!isRecord(clientBody)) throw new ProviderRequestError('request body must be a JSON object');
  const required = REQUIRED_FIELD[endpoint];
  if (clientBody[required] === undefined || clientBody[required] === null) {
    throw new ProviderRequestError(`'${required}' is required`, 'missing_required_parameter', required);
  }
  if (endpoint === 'chat' && !Array.isArray(clientBody.messages)) {
    throw new ProviderRequestError("'messages' must be an array", 'invalid_type', 'messages');
  }

  const body: JsonRecord = { ...clientBody, model: target.upstreamModel };
  const plan: StreamUsagePlan = { includeUsageAdded: false, clientRequestedUsage: false };
  const streaming = opts.stream && endpoint !== 'embedding';
  const sameModel = clientBody.model === target.upstreamModel;
  if (!streaming) {
    const unchanged = sameModel && clientBody.stream === undefined && clientBody.stream_options === undefined;
    delete body.stream;
    delete body.stream_options; // OpenAI rejects stream_options without stream
    return { body, usagePlan: plan, rawEdit: unchanged ? 'as-is' : undefined };
  }

  body.stream = true;
  const clientOptions = isRecord(clientBody.stream_options) ? clientBody.stream_options : undefined;
  plan.clientRequestedUsage = clientOptions?.include_usage === true;
  if (!plan.clientRequestedUsage && target.injectStreamUsage !== false) {
    body.stream_options = { ...(clientOptions ?? {}), include_usage: true };
    plan.includeUsageAdded = true;
  }
  let rawEdit: OpenAiBody['rawEdit'];
  if (sameModel && clientBody.stream === true) {
    if (!plan.includeUsageAdded) rawEdit = 'as-is';
    else if (clientBody.stream_options === undefined) rawEdit = 'add-include-usage';
  }
  return { body, usagePlan: plan, rawEdit };
}
