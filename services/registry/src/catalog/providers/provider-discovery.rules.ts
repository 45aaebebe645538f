import { ApiError } from '../../common/api.error';
import type { Vendor } from './provider.schemas';

// Model discovery's pure parts: the request per vendor and reading the answer. The base URL includes the version
// segment (https://api.openai.com/v1), so the list is `<baseUrl>/models`.

export const ANTHROPIC_VERSION = '2023-06-01';

export interface DiscoveryRequest {
  url: string;
  headers: Record<string, string>;
}

export function discoveryRequest(vendor: Vendor, baseUrl: string, apiVersion: string | null, secret: string): DiscoveryRequest {
  const base = baseUrl.replace(/\/+$/, '');
  const accept = { accept: 'application/json' };
  switch (vendor) {
    case 'anthropic':
      return { url: `${base}/models?limit=1000`, headers: { ...accept, 'x-api-key': secret, 'anthropic-version': ANTHROPIC_VERSION } };
    case 'azure':
      return { url: `${base}/models?api-version=${encodeURIComponent(apiVersion ?? '')}`, headers: { ...accept, 'api-key': secret } };
    default:
      return { url: `${base}/models`, headers: { ...accept, authorization: `Bearer ${secret}` } };
  }
}

/** Model ids from an OpenAI/Anthropic/Azure-style list (`{"data":[{"id":…}]}`), deduplicated, sorted. */
export function parseModelList(body: unknown): string[] {
  const data = (body as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) throw new DiscoveryError('the provider answered without a "data" list of models', false);
  const ids = new Set<string>();
  for (const item of data) {
    const id = (item as { id?: unknown } | null)?.id;
    if (typeof id === 'string' && id.length > 0 && id.length <= 256 && !/[\s\u0000-\u001f]/.test(id)) ids.add(id);
  }
  return [...ids].sort();
}

/** A model id as a provider model name (our names are slugs): unsupported characters become "-". */
export function toModelName(upstream: string): string | null {
  const name = upstream.replace(/[^A-Za-z0-9._:/-]/g, '-').replace(/^[^A-Za-z0-9]+/, '').slice(0, 128);
  return name.length > 0 ? name : null;
}

/** Discovery failed: the provider is unreachable or refused (never carries the key). */
export class DiscoveryError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly upstreamStatus: number | null = null,
  ) {
    super(message);
    this.name = 'DiscoveryError';
  }

  toApiError(): ApiError {
    return new ApiError(502, 'provider_error', `model discovery failed: ${this.message}`, undefined, this.retryable);
  }
}

/** What an upstream status means for discovery. */
export function discoveryFailureFor(status: number): DiscoveryError {
  if (status === 401 || status === 403) return new DiscoveryError(`the provider rejected the key (HTTP ${status})`, false, status);
  if (status === 404) return new DiscoveryError('the provider does not serve a model list at <baseUrl>/models (HTTP 404)', false, status);
  if (status === 429) return new DiscoveryError('the provider is rate limiting (HTTP 429)', true, status);
  return new DiscoveryError(`the provider answered HTTP ${status}`, status >= 500, status);
}

/** The key to discover with: the given one, else the enabled key with the highest weight. */
export function pickKey<K extends { id: string; enabled: boolean; weight: number }>(keys: readonly K[], keyId?: string): K {
  if (keyId) {
    const key = keys.find((k) => k.id === keyId);
    if (!key) throw ApiError.unprocessable('keyId: no such key on this provider', 'keyId');
    return key;
  }
  const key = [...keys].filter((k) => k.enabled).sort((a, b) => b.weight - a.weight)[0];
  if (!key) throw ApiError.unprocessable('the provider has no enabled key to call it with; add one first', 'keyId');
  return key;
}
