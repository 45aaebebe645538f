// Azure OpenAI: `${baseUrl}/deployments/<deployment>/<path>?api-version=<v>`, credential in `api-key`.
import { OPENAI_ENDPOINT_PATHS } from '../openai/openai-request.builder';
import { createOpenAiShapedAdapter } from '../openai/openai-shaped.adapter';
import type { Endpoint, ProviderTarget, StreamingAdapter } from '../provider-adapter';
import { ProviderConfigError } from '../provider.errors';
import { joinUrl } from '../shared/json-guards';

export function azureUrl(endpoint: Endpoint, target: ProviderTarget): string {
  if (!target.apiVersion) throw new ProviderConfigError('azure target has no apiVersion');
  if (!target.upstreamModel) throw new ProviderConfigError('azure target has no deployment (upstreamModel)');
  const path = `deployments/${encodeURIComponent(target.upstreamModel)}/${OPENAI_ENDPOINT_PATHS[endpoint]}`;
  return `${joinUrl(target.baseUrl, path)}?api-version=${encodeURIComponent(target.apiVersion)}`;
}

export function createAzureAdapter(): StreamingAdapter {
  return createOpenAiShapedAdapter({
    vendor: 'azure',
    endpoints: ['chat', 'completion', 'embedding'],
    url: azureUrl,
    authHeaders: (credential) => ({ 'api-key': credential.secret }),
  });
}
