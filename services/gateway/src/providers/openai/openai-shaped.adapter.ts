// One implementation for every upstream that speaks OpenAI's API; vendors differ only in URL and auth header.
import type {
  BuildRequestOptions,
  Endpoint,
  ProviderCredential,
  ProviderTarget,
  ProviderVendor,
  StreamContext,
  StreamingAdapter,
  StreamTranslator,
  UpstreamRequest,
  Usage,
} from '../provider-adapter';
import { UnsupportedEndpointError } from '../provider.errors';
import type { OpenAiError } from '../upstream-error.mapping';
import { buildOpenAiBody, passThroughText } from './openai-request.builder';
import { mapOpenAiError } from './openai-error.mapper';
import { OpenAiStreamTranslator } from './openai-stream.translator';
import { extractOpenAiUsage } from './openai-usage.extractor';

export interface OpenAiShapedVendorSpec {
  vendor: ProviderVendor;
  endpoints: readonly Endpoint[];
  url(endpoint: Endpoint, target: ProviderTarget): string;
  /** The one header carrying the credential; {} when the server needs none. */
  authHeaders(credential: ProviderCredential): Record<string, string>;
}

/**
 * No `translateResponse`: OpenAI-shaped bodies go to the client as they came. Streams go through
 * OpenAiStreamTranslator for metering and the removal of the injected usage chunk.
 */
export function createOpenAiShapedAdapter(spec: OpenAiShapedVendorSpec): StreamingAdapter {
  return {
    vendor: spec.vendor,
    supports: (endpoint: Endpoint): boolean => spec.endpoints.includes(endpoint),
    buildRequest(
      endpoint: Endpoint,
      body: Record<string, unknown>,
      target: ProviderTarget,
      credential: ProviderCredential,
      opts: BuildRequestOptions,
    ): UpstreamRequest {
      if (!spec.endpoints.includes(endpoint)) throw new UnsupportedEndpointError(spec.vendor, endpoint);
      const built = buildOpenAiBody(endpoint, body, target, opts);
      const streaming = built.body.stream === true;
      return {
        url: spec.url(endpoint, target),
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: streaming ? 'text/event-stream' : 'application/json',
          'x-request-id': opts.requestId,
          ...spec.authHeaders(credential),
        },
        body: passThroughText(built, opts.rawBody) ?? JSON.stringify(built.body),
        usagePlan: built.usagePlan,
      };
    },
    extractUsage: (_endpoint: Endpoint, upstreamJson: unknown): Usage | undefined => extractOpenAiUsage(upstreamJson),
    mapUpstreamError: (status: number, bodyText: string, credential?: ProviderCredential): OpenAiError =>
      mapOpenAiError(status, bodyText, credential),
    createStreamTranslator: (_endpoint: Endpoint, ctx: StreamContext): StreamTranslator =>
      new OpenAiStreamTranslator(ctx),
  };
}
