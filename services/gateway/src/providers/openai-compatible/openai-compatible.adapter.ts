// Self-hosted and third-party OpenAI-compatible servers (vLLM, SGLang, TGI, llama.cpp, Ollama, DashScope):
// the OpenAI adapter with its own vendor name. A server that rejects `stream_options` gets
// `injectStreamUsage: false` on its target; one without auth gets an empty secret (no Authorization header).
import { bearerAuth } from '../openai/openai.adapter';
import { OPENAI_ENDPOINT_PATHS } from '../openai/openai-request.builder';
import { createOpenAiShapedAdapter } from '../openai/openai-shaped.adapter';
import type { StreamingAdapter } from '../provider-adapter';
import { joinUrl } from '../shared/json-guards';

export function createOpenAiCompatibleAdapter(): StreamingAdapter {
  return createOpenAiShapedAdapter({
    vendor: 'openai-compatible',
    endpoints: ['chat', 'completion', 'embedding'],
    url: (endpoint, target) => joinUrl(target.baseUrl, OPENAI_ENDPOINT_PATHS[endpoint]),
    authHeaders: (credential) => bearerAuth(credential.secret),
  });
}
