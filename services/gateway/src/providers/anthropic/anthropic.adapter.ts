// Anthropic Messages API behind the OpenAI chat endpoint: `${baseUrl}/messages`, `x-api-key`,
// `anthropic-version`. No completions or embeddings.
import type {
  BuildRequestOptions,
  Endpoint,
  ProviderCredential,
  ProviderTarget,
  ResponseTranslatingAdapter,
  StreamContext,
  StreamingAdapter,
  StreamTranslator,
  TranslateOptions,
  UpstreamRequest,
  Usage,
} from '../provider-adapter';
import { UnsupportedEndpointError } from '../provider.errors';
import { asRecord, joinUrl, type JsonRecord } from '../shared/json-guards';
import { extractOpenAiUsage } from '../openai/openai-usage.extractor';
import type { OpenAiError } from '../upstream-error.mapping';
import { mapAnthropicError } from './anthropic-error.mapper';
import { anthropicMessagesToOpenAiChat, anthropicUsage } from './anthropic-messages-to-openai-chat';
import { AnthropicStreamTranslator } from './anthropic-stream-to-openai-chunks';
import { ANTHROPIC_VERSION } from './anthropic.types';
import { openAiChatToAnthropicMessages } from './openai-chat-to-anthropic-messages';

function assertChat(endpoint: Endpoint): void {
  if (endpoint !== 'chat') throw new UnsupportedEndpointError('anthropic', endpoint);
}

export function createAnthropicAdapter(): StreamingAdapter & ResponseTranslatingAdapter {
  return {
    vendor: 'anthropic',
    supports: (endpoint: Endpoint): boolean => endpoint === 'chat',
    buildRequest(
      endpoint: Endpoint,
      body: Record<string, unknown>,
      target: ProviderTarget,
      credential: ProviderCredential,
      opts: BuildRequestOptions,
    ): UpstreamRequest {
      assertChat(endpoint);
      const request = openAiChatToAnthropicMessages(body, target.upstreamModel, { stream: opts.stream });
      const clientRequestedUsage = opts.stream && asRecord(body.stream_options)?.include_usage === true;
      return {
        url: joinUrl(target.baseUrl, 'messages'),
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: opts.stream ? 'text/event-stream' : 'application/json',
          'anthropic-version': ANTHROPIC_VERSION,
          'x-request-id': opts.requestId,
          'x-api-key': credential.secret,
        },
        body: JSON.stringify(request),
        usagePlan: { includeUsageAdded: false, clientRequestedUsage },
      };
    },
    translateResponse(endpoint: Endpoint, upstreamJson: unknown, opts?: TranslateOptions): JsonRecord {
      assertChat(endpoint);
      return anthropicMessagesToOpenAiChat(upstreamJson, opts);
    },
    /** Accepts the Anthropic body as received, or the translated OpenAI body. */
    extractUsage(_endpoint: Endpoint, json: unknown): Usage | undefined {
      return anthropicUsage(asRecord(json)?.usage) ?? extractOpenAiUsage(json);
    },
    mapUpstreamError: (status: number, bodyText: string, credential?: ProviderCredential): OpenAiError =>
      mapAnthropicError(status, bodyText, credential),
    createStreamTranslator(endpoint: Endpoint, ctx: StreamContext): StreamTranslator {
      assertChat(endpoint);
      return new AnthropicStreamTranslator(ctx);
    },
  };
}
