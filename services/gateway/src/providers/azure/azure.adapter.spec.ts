import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ProviderCredential, ProviderTarget } from '../provider-adapter';
import { ProviderConfigError } from '../provider.errors';
import { chunkings, readFixture, replay } from '../shared/stream-replay.testing';
import { createAzureAdapter } from './azure.adapter';

const adapter = createAzureAdapter();
const target: ProviderTarget = {
  vendor: 'azure',
  baseUrl: 'https://res.openai.azure.com/openai',
  apiVersion: '2024-10-21',
  upstreamModel: 'gpt-4o-prod',
};
const credential: ProviderCredential = { keyId: 'az-1', secret: '0123456789abcdef0123456789abcdef' };
const chat = { model: 'alias', messages: [{ role: 'user', content: 'hi' }] };

describe('azure adapter', () => {
  it('builds deployment URLs with the api-version for every endpoint', () => {
    const url = (endpoint: 'chat' | 'completion' | 'embedding', body: Record<string, unknown>) =>
      adapter.buildRequest(endpoint, body, target, credential, { stream: false, requestId: 'r' }).url;
    assert.equal(url('chat', chat), 'https://res.openai.azure.com/openai/deployments/gpt-4o-prod/chat/completions?api-version=2024-10-21');
    assert.equal(url('completion', { prompt: 'x' }), 'https://res.openai.azure.com/openai/deployments/gpt-4o-prod/completions?api-version=2024-10-21');
    assert.equal(url('embedding', { input: 'x' }), 'https://res.openai.azure.com/openai/deployments/gpt-4o-prod/embeddings?api-version=2024-10-21');
  });

  it('encodes deployment names and api versions', () => {
    const request = adapter.buildRequest('chat', chat, { ...target, upstreamModel: 'my dep/1', apiVersion: '2025-01-01-preview' }, credential, { stream: false, requestId: 'r' });
    assert.equal(request.url, 'https://res.openai.azure.com/openai/deployments/my%20dep%2F1/chat/completions?api-version=2025-01-01-preview');
  });

  it('sends the key in api-key only, never as Authorization', () => {
    const request = adapter.buildRequest('chat', chat, target, credential, { stream: true, requestId: 'r' });
    assert.equal(request.headers['api-key'], credential.secret);
    assert.equal(request.headers.authorization, undefined);
    for (const [name, value] of Object.entries(request.headers)) if (name !== 'api-key') assert.ok(!value.includes(credential.secret));
    assert.ok(!request.url.includes(credential.secret) && !request.body.includes(credential.secret));
  });

  it('injects include_usage like OpenAI', () => {
    const request = adapter.buildRequest('chat', chat, target, credential, { stream: true, requestId: 'r' });
    assert.deepEqual(JSON.parse(request.body).stream_options, { include_usage: true });
    assert.equal(request.usagePlan.includeUsageAdded, true);
  });

  it('refuses a target without apiVersion with a config error, not a broken URL', () => {
    assert.throws(
      () => adapter.buildRequest('chat', chat, { ...target, apiVersion: undefined }, credential, { stream: false, requestId: 'r' }),
      (e: unknown) => e instanceof ProviderConfigError && /apiVersion/.test(e.message) && e.toOpenAiError().retryable,
    );
  });

  it('keeps the content-filter chunk (choices [] without usage) and drops only the usage chunk of a recorded stream', () => {
    const fixture = readFixture(__dirname, 'azure-chat-stream.sse');
    const blocks = fixture.split('\n\n').filter(Boolean).map((b) => `${b}\n\n`);
    const expected = blocks.filter((b) => !b.includes('"usage":{')).join('');
    assert.ok(expected.includes('prompt_filter_results'));
    for (const { name, pieces } of chunkings(fixture).filter((_, i) => i % 7 === 0)) {
      const translator = adapter.createStreamTranslator('chat', { requestId: 'r', includeUsageAdded: true, clientRequestedUsage: false });
      assert.equal(replay(translator, pieces), expected, name);
      assert.deepEqual(translator.usage(), { promptTokens: 15, cachedTokens: 0, completionTokens: 78 }, name);
    }
  });
});
