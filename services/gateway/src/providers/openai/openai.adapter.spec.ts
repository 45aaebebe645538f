import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ProviderCredential, ProviderTarget } from '../provider-adapter';
import { ProviderRequestError, UnsupportedEndpointError } from '../provider.errors';
import { readFixture, readJsonFixture } from '../shared/stream-replay.testing';
import { createOpenAiAdapter } from './openai.adapter';

const adapter = createOpenAiAdapter();
const target: ProviderTarget = { vendor: 'openai', baseUrl: 'https://api.openai.com/v1/', upstreamModel: 'gpt-4.1-nano-2025-04-14' };
const credential: ProviderCredential = { keyId: 'key-1', secret: 'sk-test-SECRET-0123456789' };
const chatBody = { model: 'my-alias', messages: [{ role: 'user', content: 'hi' }], temperature: 0.2 };
const build = (body: Record<string, unknown>, stream: boolean, t: ProviderTarget = target, endpoint: 'chat' | 'completion' | 'embedding' = 'chat') =>
  adapter.buildRequest(endpoint, body, t, credential, { stream, requestId: 'req-42' });
const parsed = (body: string) => JSON.parse(body) as Record<string, unknown>;

describe('openai adapter: request building', () => {
  it('builds the URL of each endpoint from the base URL (trailing slash tolerated)', () => {
    assert.equal(build(chatBody, false).url, 'https://api.openai.com/v1/chat/completions');
    assert.equal(build({ model: 'x', prompt: 'say' }, false, target, 'completion').url, 'https://api.openai.com/v1/completions');
    assert.equal(build({ model: 'x', input: 'text' }, false, target, 'embedding').url, 'https://api.openai.com/v1/embeddings');
  });

  it('sends the key as a Bearer token and nowhere else', () => {
    const request = build(chatBody, true);
    assert.equal(request.method, 'POST');
    assert.equal(request.headers.authorization, `Bearer ${credential.secret}`);
    assert.equal(request.headers['x-request-id'], 'req-42');
    const elsewhere = [request.url, request.body, ...Object.entries(request.headers).filter(([k]) => k !== 'authorization').map(([, v]) => v)];
    for (const text of elsewhere) assert.ok(!text.includes(credential.secret), `secret leaked into ${text}`);
  });

  it('replaces the model with the upstream model and keeps every other field', () => {
    const body = parsed(build(chatBody, false).body);
    assert.deepEqual(body, { ...chatBody, model: 'gpt-4.1-nano-2025-04-14' });
  });

  it('adds stream_options.include_usage to a streaming request and says so', () => {
    const request = build(chatBody, true);
    assert.deepEqual(parsed(request.body).stream_options, { include_usage: true });
    assert.equal(parsed(request.body).stream, true);
    assert.equal(request.headers.accept, 'text/event-stream');
    assert.deepEqual(request.usagePlan, { includeUsageAdded: true, clientRequestedUsage: false });
  });

  it('adds it to streaming completions too', () => {
    const request = build({ model: 'x', prompt: 'say', stream: true }, true, target, 'completion');
    assert.deepEqual(parsed(request.body).stream_options, { include_usage: true });
    assert.equal(request.usagePlan.includeUsageAdded, true);
  });

  it('leaves it alone when the client asked for usage itself', () => {
    const request = build({ ...chatBody, stream: true, stream_options: { include_usage: true } }, true);
    assert.deepEqual(parsed(request.body).stream_options, { include_usage: true });
    assert.deepEqual(request.usagePlan, { includeUsageAdded: false, clientRequestedUsage: true });
  });

  it('overrides include_usage:false and keeps the client\'s other stream options', () => {
    const request = build({ ...chatBody, stream: true, stream_options: { include_usage: false, include_obfuscation: false } }, true);
    assert.deepEqual(parsed(request.body).stream_options, { include_usage: true, include_obfuscation: false });
    assert.equal(request.usagePlan.includeUsageAdded, true);
  });

  it('does not add it when the target turns injection off', () => {
    const request = build(chatBody, true, { ...target, injectStreamUsage: false });
    assert.equal(parsed(request.body).stream_options, undefined);
    assert.deepEqual(request.usagePlan, { includeUsageAdded: false, clientRequestedUsage: false });
  });

  it('drops stream and stream_options from a non-streaming request', () => {
    const request = build({ ...chatBody, stream: false, stream_options: { include_usage: true } }, false);
    assert.equal(parsed(request.body).stream, undefined);
    assert.equal(parsed(request.body).stream_options, undefined);
    assert.equal(request.headers.accept, 'application/json');
    assert.deepEqual(request.usagePlan, { includeUsageAdded: false, clientRequestedUsage: false });
  });

  it('never streams embeddings', () => {
    const request = build({ model: 'x', input: ['a', 'b'] }, true, target, 'embedding');
    assert.equal(parsed(request.body).stream, undefined);
    assert.equal(request.usagePlan.includeUsageAdded, false);
  });

  it('rejects a body without its required field, with a 400 naming it', () => {
    assert.throws(() => build({ model: 'x' }, false), (e: unknown) => e instanceof ProviderRequestError && e.param === 'messages' && e.status === 400);
    assert.throws(() => build({ model: 'x', messages: 'hi' }, false), ProviderRequestError);
    assert.throws(() => build({ model: 'x' }, false, target, 'embedding'), /'input' is required/);
    assert.throws(() => build({ model: 'x' }, false, target, 'completion'), /'prompt' is required/);
  });

  it('supports all three endpoints', () => {
    assert.deepEqual(['chat', 'completion', 'embedding'].map((e) => adapter.supports(e as 'chat')), [true, true, true]);
    assert.ok(new UnsupportedEndpointError('openai', 'chat').toOpenAiError().status === 400);
  });
});

describe('openai adapter: usage extraction', () => {
  it('reads prompt, cached and completion tokens from a recorded answer', () => {
    assert.deepEqual(adapter.extractUsage('chat', readJsonFixture(__dirname, 'openai-chat-completion.json')), {
      promptTokens: 16,
      cachedTokens: 0,
      completionTokens: 363,
    });
  });

  it('reads cached tokens from prompt_tokens_details', () => {
    const json = { usage: { prompt_tokens: 2006, completion_tokens: 300, total_tokens: 2306, prompt_tokens_details: { cached_tokens: 1920 } } };
    assert.deepEqual(adapter.extractUsage('chat', json), { promptTokens: 2006, cachedTokens: 1920, completionTokens: 300 });
  });

  it('reads embedding usage (prompt tokens only)', () => {
    assert.deepEqual(adapter.extractUsage('embedding', { object: 'list', data: [], usage: { prompt_tokens: 8, total_tokens: 8 } }), {
      promptTokens: 8,
      cachedTokens: 0,
      completionTokens: 0,
    });
  });

  it('returns undefined for bodies without usable usage, never throws', () => {
    for (const json of [undefined, null, 'text', 42, [], {}, { usage: null }, { usage: 'x' }, { usage: { prompt_tokens: -1 } }]) {
      assert.equal(adapter.extractUsage('chat', json), undefined, JSON.stringify(json));
    }
  });
});

describe('openai adapter: upstream errors', () => {
  it('maps a wrong-key 401 without echoing the (masked) key', () => {
    const error = adapter.mapUpstreamError(401, readFixture(__dirname, 'openai-invalid-api-key-error.json'), credential);
    assert.equal(error.status, 401);
    assert.equal(error.type, 'authentication_error');
    assert.equal(error.code, 'invalid_api_key');
    assert.equal(error.retryable, false);
    assert.ok(!error.message.includes('sk-'), error.message);
    assert.ok(!error.message.includes('Ab1Z'), error.message);
    assert.match(error.message, /Incorrect API key provided: \[redacted\]/);
  });

  it('redacts the exact secret wherever the upstream echoes it', () => {
    const body = JSON.stringify({ error: { message: `key ${credential.secret} and Bearer ${credential.secret} rejected`, type: 'x' } });
    const error = adapter.mapUpstreamError(403, body, credential);
    assert.ok(!error.message.includes(credential.secret));
    assert.equal(error.type, 'permission_error');
  });

  it('marks rate limits and server errors retryable, client errors not', () => {
    const cases: Array<[number, string, boolean]> = [
      [400, 'invalid_request_error', false],
      [404, 'not_found_error', false],
      [408, 'invalid_request_error', true],
      [429, 'rate_limit_error', true],
      [500, 'server_error', true],
      [502, 'server_error', true],
      [503, 'overloaded_error', true],
      [504, 'server_error', true],
    ];
    for (const [status, type, retryable] of cases) {
      const error = adapter.mapUpstreamError(status, JSON.stringify({ error: { message: 'm', type: 'whatever', code: null } }));
      assert.deepEqual([error.status, error.type, error.retryable], [status, type, retryable], String(status));
    }
  });

  it('does not forward an HTML or empty error page', () => {
    const error = adapter.mapUpstreamError(502, '<html><body>Bad Gateway nginx</body></html>');
    assert.deepEqual(error, { status: 502, type: 'server_error', code: null, message: 'upstream answered HTTP 502', retryable: true });
    assert.equal(adapter.mapUpstreamError(500, '').message, 'upstream answered HTTP 500');
  });

  it('reads vLLM/TGI style error bodies', () => {
    assert.equal(adapter.mapUpstreamError(400, '{"object":"error","message":"max_tokens is too large","type":"BadRequestError","code":400}').message, 'max_tokens is too large');
    assert.equal(adapter.mapUpstreamError(422, '{"error":"Input validation error: inputs too long","error_type":"validation"}').message, 'Input validation error: inputs too long');
  });

  it('turns a nonsensical status into 502', () => {
    assert.equal(adapter.mapUpstreamError(200, '{}').status, 502);
  });
});
