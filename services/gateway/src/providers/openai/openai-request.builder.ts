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
  if (!streaming) {
    delete body.stream;
    delete body.stream_options; // OpenAI rejects stream_options without stream
    return { body, usagePlan: plan };
  }

  body.stream = true;
  const clientOptions = isRecord(clientBody.stream_options) ? clientBody.stream_options : undefined;
  plan.clientRequestedUsage = clientOptions?.include_usage === true;
  if (!plan.clientRequestedUsage && target.injectStreamUsage !== false) {
    body.stream_options = { ...(clientOptions ?? {}), include_usage: true };
    plan.includeUsageAdded = true;
  }
  return { body, usagePlan: plan };
}
