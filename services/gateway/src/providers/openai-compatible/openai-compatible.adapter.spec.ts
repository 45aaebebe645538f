import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ProviderTarget } from '../provider-adapter';
import { chunkings, dataPayloads, readFixture, readJsonFixture, replay } from '../shared/stream-replay.testing';
import { createOpenAiCompatibleAdapter } from './openai-compatible.adapter';

const adapter = createOpenAiCompatibleAdapter();
const target: ProviderTarget = { vendor: 'openai-compatible', baseUrl: 'http://127.0.0.1:9000/v1', upstreamModel: 'meta-llama/Meta-Llama-3.1-70B-Instruct' };
const chat = { model: 'llama', messages: [{ role: 'user', content: 'hi' }] };

describe('openai-compatible adapter (vLLM, SGLang, TGI, llama.cpp, Ollama, DashScope)', () => {
  it('is its own vendor with the OpenAI paths', () => {
    assert.equal(adapter.vendor, 'openai-compatible');
    const request = adapter.buildRequest('chat', chat, target, { keyId: 'k', secret: 'token-123456' }, { stream: false, requestId: 'r' });
    assert.equal(request.url, 'http://127.0.0.1:9000/v1/chat/completions');
    assert.equal(request.headers.authorization, 'Bearer token-123456');
    assert.equal(JSON.parse(request.body).model, 'meta-llama/Meta-Llama-3.1-70B-Instruct');
  });

  it('sends no Authorization header when the server needs no key', () => {
    const request = adapter.buildRequest('chat', chat, target, { keyId: 'none', secret: '' }, { stream: false, requestId: 'r' });
    assert.equal(request.headers.authorization, undefined);
  });

  it('does not send stream_options to a server configured to reject it', () => {
    const request = adapter.buildRequest('chat', chat, { ...target, injectStreamUsage: false }, { keyId: 'k', secret: '' }, { stream: true, requestId: 'r' });
    assert.equal(JSON.parse(request.body).stream_options, undefined);
    assert.equal(JSON.parse(request.body).stream, true);
    assert.deepEqual(request.usagePlan, { includeUsageAdded: false, clientRequestedUsage: false });
  });

  it('reads usage from a recorded vLLM answer whose prompt_tokens_details is null', () => {
    assert.deepEqual(adapter.extractUsage('chat', readJsonFixture(__dirname, 'vllm-chat-completion.json')), {
      promptTokens: 74,
      cachedTokens: 0,
      completionTokens: 15,
    });
  });

  it('meters a recorded vLLM stream that carries usage on every chunk, dropping only the final usage-only chunk', () => {
    const fixture = readFixture(__dirname, 'vllm-chat-stream-continuous-usage.sse');
    for (const { name, pieces } of chunkings(fixture).filter((_, i) => i % 5 === 0)) {
      const translator = adapter.createStreamTranslator('chat', { requestId: 'r', includeUsageAdded: true, clientRequestedUsage: false });
      const out = replay(translator, pieces);
      const payloads = dataPayloads(out);
      assert.equal(payloads.length, dataPayloads(fixture).length - 1, name);
      assert.equal(payloads[payloads.length - 1], '[DONE]');
      assert.ok(payloads.slice(0, -1).every((p) => Array.isArray((p as { choices: unknown[] }).choices) && (p as { choices: unknown[] }).choices.length === 1));
      assert.deepEqual(translator.usage(), { promptTokens: 46, cachedTokens: 0, completionTokens: 11 }, name);
    }
  });
});
