// api.openai.com: `${baseUrl}/chat/completions` etc., `Authorization: Bearer <key>`.
import type { StreamingAdapter } from '../provider-adapter';
import { joinUrl } from '../shared/json-guards';
import { OPENAI_ENDPOINT_PATHS } from './openai-request.builder';
import { createOpenAiShapedAdapter } from './openai-shaped.adapter';

export function bearerAuth(secret: string): Record<string, string> {
  return secret === '' ? {} : { authorization: `Bearer ${secret}` };
}

export function createOpenAiAdapter(): StreamingAdapter {
  return createOpenAiShapedAdapter({
    vendor: 'openai',
    endpoints: ['chat', 'completion', 'embedding'],
    url: (endpoint, target) => joinUrl(target.baseUrl, OPENAI_ENDPOINT_PATHS[endpoint]),
    authHeaders: (credential) => bearerAuth(credential.secret),
  });
}
