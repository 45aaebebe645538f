// The contract between the gateway and one upstream vendor: build the upstream request, translate what comes
// back into OpenAI's format, extract token usage, map upstream errors. Pure: no HTTP, no logging, no clock
// unless one is injected.
import type { OpenAiError } from './upstream-error.mapping';

export type ProviderVendor = 'openai' | 'openai-compatible' | 'azure' | 'anthropic';

export const PROVIDER_VENDORS: readonly ProviderVendor[] = ['openai', 'openai-compatible', 'azure', 'anthropic'];

/** The OpenAI-format endpoints the gateway serves. */
export type Endpoint = 'chat' | 'completion' | 'embedding';

export interface ProviderTarget {
  vendor: ProviderVendor;
  /** e.g. https://api.openai.com/v1, http://127.0.0.1:9000/v1, https://res.openai.azure.com/openai, https://api.anthropic.com/v1 */
  baseUrl: string;
  /** Azure only: the `api-version` query parameter. */
  apiVersion?: string;
  /** The provider's model name; for Azure, the deployment name. */
  upstreamModel: string;
  /**
   * OpenAI-shaped vendors: add `stream_options.include_usage` to streaming requests when the client did not
   * ask for it, so the gateway can meter the stream. Some servers reject `stream_options`: set false for them.
   * Default true.
   */
  injectStreamUsage?: boolean;
}

export interface ProviderCredential {
  keyId: string;
  secret: string;
}

export interface BuildRequestOptions {
  stream: boolean;
  requestId: string;
  /**
   * The client's body text as received (valid JSON that parsed to `body`). An adapter may send it unchanged when
   * its request body would be the same JSON, saving a re-serialisation.
   */
  rawBody?: string;
}

/** What the stream translator must know about how the request was built. */
export interface StreamUsagePlan {
  /** We added `stream_options.include_usage`; the usage-only chunk it produces must not reach the client. */
  includeUsageAdded: boolean;
  /** The client itself asked for `stream_options.include_usage`; it must get the usage chunk. */
  clientRequestedUsage: boolean;
}

export interface UpstreamRequest {
  url: string;
  method: 'POST';
  /** The credential appears in exactly one header (Authorization, api-key or x-api-key) and nowhere else. */
  headers: Record<string, string>;
  body: string;
  usagePlan: StreamUsagePlan;
}

export interface Usage {
  /** All input tokens, cached ones included. */
  promptTokens: number;
  /** Input tokens served from the provider's prompt cache (a subset of promptTokens). */
  cachedTokens: number;
  completionTokens: number;
  /** Input tokens written to the prompt cache (Anthropic), when the provider reports them. */
  cacheCreationTokens?: number;
}

export interface StreamContext extends StreamUsagePlan {
  requestId: string;
  /** Seconds since the epoch, for the `created` field of synthesised chunks. Defaults to the wall clock. */
  now?: () => number;
}

export interface StreamTranslator {
  /** Feed upstream bytes (any split); returns OpenAI SSE text to forward now, possibly ''. */
  push(chunk: string | Uint8Array): string;
  /** Upstream closed: returns whatever is left to forward. */
  end(): string;
  /** Token usage seen so far (prompt, cached, completion), undefined if the upstream reported none. */
  usage(): Usage | undefined;
  /** The error the upstream reported in-stream (or a protocol failure), already sent to the client as an error event. */
  error(): OpenAiError | undefined;
}

export interface TranslateOptions {
  /** Seconds since the epoch for `created` when the upstream gives none. */
  now?: () => number;
}

/** Every adapter has these. */
export interface ProviderAdapter {
  readonly vendor: ProviderVendor;
  supports(endpoint: Endpoint): boolean;
  /** Throws ProviderRequestError (400) for a body that cannot be sent, UnsupportedEndpointError, ProviderConfigError. */
  buildRequest(
    endpoint: Endpoint,
    body: Record<string, unknown>,
    target: ProviderTarget,
    credential: ProviderCredential,
    opts: BuildRequestOptions,
  ): UpstreamRequest;
  /** Usage from a non-streaming upstream body (as received, before translateResponse). */
  extractUsage(endpoint: Endpoint, upstreamJson: unknown): Usage | undefined;
  /** An upstream non-2xx answer as an OpenAI-format error. Never contains the credential. */
  mapUpstreamError(status: number, bodyText: string, credential?: ProviderCredential): OpenAiError;
}

/** Optional ability: the upstream's non-streaming body is not OpenAI-shaped and must be translated. */
export interface ResponseTranslatingAdapter extends ProviderAdapter {
  /** Throws UpstreamProtocolError when the upstream body is malformed. */
  translateResponse(endpoint: Endpoint, upstreamJson: unknown, opts?: TranslateOptions): Record<string, unknown>;
}

/** Optional ability: the adapter can meter (and if needed translate) an upstream SSE stream. */
export interface StreamingAdapter extends ProviderAdapter {
  createStreamTranslator(endpoint: Endpoint, ctx: StreamContext): StreamTranslator;
}

export function translatesResponses(adapter: ProviderAdapter): adapter is ResponseTranslatingAdapter {
  return typeof (adapter as Partial<ResponseTranslatingAdapter>).translateResponse === 'function';
}

export function streams(adapter: ProviderAdapter): adapter is StreamingAdapter {
  return typeof (adapter as Partial<StreamingAdapter>).createStreamTranslator === 'function';
}
