import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ProviderCredential, ProviderTarget } from '../provider-adapter';
import { UnsupportedEndpointError, UpstreamProtocolError } from '../provider.errors';
import { readFixture, readJsonFixture } from '../shared/stream-replay.testing';
import { createAnthropicAdapter } from './anthropic.adapter';

const adapter = createAnthropicAdapter();
const target: ProviderTarget = { vendor: 'anthropic', baseUrl: 'https://api.anthropic.com/v1', upstreamModel: 'claude-sonnet-4-5-20250929' };
const credential: ProviderCredential = { keyId: 'ant-1', secret: 'sk-ant-api03-SECRETSECRETSECRET' };
const chat = { model: 'alias', messages: [{ role: 'user', content: 'hi' }] };

describe('anthropic adapter', () => {
  it('supports chat only and refuses the other endpoints with a clear 400', () => {
    assert.deepEqual([adapter.supports('chat'), adapter.supports('completion'), adapter.supports('embedding')], [true, false, false]);
    for (const endpoint of ['completion', 'embedding'] as const) {
      assert.throws(
        () => adapter.buildRequest(endpoint, { prompt: 'x', input: 'x' }, target, credential, { stream: false, requestId: 'r' }),
        (e: unknown) => e instanceof UnsupportedEndpointError && e.status === 400 && e.message === `provider 'anthropic' does not support the ${endpoint} endpoint`,
      );
      assert.throws(() => adapter.createStreamTranslator(endpoint, { requestId: 'r', includeUsageAdded: false, clientRequestedUsage: false }), UnsupportedEndpointError);
    }
  });

  it('posts to /messages with x-api-key and anthropic-version; the key is nowhere else', () => {
    const request = adapter.buildRequest('chat', chat, target, credential, { stream: true, requestId: 'req-9' });
    assert.equal(request.url, 'https://api.anthropic.com/v1/messages');
    assert.equal(request.headers['x-api-key'], credential.secret);
    assert.equal(request.headers['anthropic-version'], '2023-06-01');
    assert.equal(request.headers.authorization, undefined);
    assert.equal(request.headers.accept, 'text/event-stream');
    for (const [name, value] of Object.entries(request.headers)) if (name !== 'x-api-key') assert.ok(!value.includes(credential.secret));
    assert.ok(!request.body.includes(credential.secret) && !request.url.includes(credential.secret));
    const body = JSON.parse(request.body) as Record<string, unknown>;
    assert.equal(body.model, 'claude-sonnet-4-5-20250929');
    assert.equal(body.stream, true);
    assert.equal(body.stream_options, undefined);
  });

  it('records whether the client asked for usage in the stream plan', () => {
    const asked = adapter.buildRequest('chat', { ...chat, stream: true, stream_options: { include_usage: true } }, target, credential, { stream: true, requestId: 'r' });
    assert.deepEqual(asked.usagePlan, { includeUsageAdded: false, clientRequestedUsage: true });
    const notAsked = adapter.buildRequest('chat', chat, target, credential, { stream: true, requestId: 'r' });
    assert.deepEqual(notAsked.usagePlan, { includeUsageAdded: false, clientRequestedUsage: false });
  });

  it('translates a non-streaming answer and extracts usage from either shape', () => {
    const upstream = readJsonFixture(__dirname, 'anthropic-cache-read.json');
    const expected = { promptTokens: 25253, cachedTokens: 16410, completionTokens: 136, cacheCreationTokens: 8837 };
    assert.deepEqual(adapter.extractUsage('chat', upstream), expected);
    const translated = adapter.translateResponse('chat', upstream, { now: () => 1 });
    assert.deepEqual(adapter.extractUsage('chat', translated), { promptTokens: 25253, cachedTokens: 16410, completionTokens: 136 });
    assert.equal(adapter.extractUsage('chat', { nothing: true }), undefined);
    assert.throws(() => adapter.translateResponse('chat', { type: 'error' }), UpstreamProtocolError);
  });

  it('maps Anthropic errors to OpenAI errors with the right status and retry flag', () => {
    const body = (type: string) => JSON.stringify({ type: 'error', error: { type, message: `${type} happened` } });
    const cases: Array<[number, string, number, string, boolean]> = [
      [529, 'overloaded_error', 503, 'overloaded_error', true],
      [429, 'rate_limit_error', 429, 'rate_limit_error', true],
      [401, 'authentication_error', 401, 'authentication_error', false],
      [403, 'permission_error', 403, 'permission_error', false],
      [400, 'invalid_request_error', 400, 'invalid_request_error', false],
      [404, 'not_found_error', 404, 'not_found_error', false],
      [413, 'request_too_large', 413, 'invalid_request_error', false],
      [500, 'api_error', 500, 'server_error', true],
      [504, 'timeout_error', 504, 'server_error', true],
    ];
    for (const [status, type, outStatus, outType, retryable] of cases) {
      const error = adapter.mapUpstreamError(status, body(type), credential);
      assert.deepEqual(error, { status: outStatus, type: outType, code: type, message: `${type} happened`, retryable }, type);
    }
  });

  it('maps recorded error bodies and bodies that are not JSON', () => {
    const invalid = adapter.mapUpstreamError(400, readFixture(__dirname, 'anthropic-invalid-request-error.json'));
    assert.equal(invalid.status, 400);
    assert.match(invalid.message, /unexpected `tool_use_id`/);
    assert.equal(adapter.mapUpstreamError(529, readFixture(__dirname, 'anthropic-overloaded-error.json')).retryable, true);
    assert.deepEqual(adapter.mapUpstreamError(529, 'upstream connect error'), { status: 503, type: 'overloaded_error', code: null, message: 'upstream answered HTTP 529', retryable: true });
    assert.equal(adapter.mapUpstreamError(502, '').retryable, true);
    assert.equal(adapter.mapUpstreamError(418, '{"type":"error","error":{"type":"teapot_error","message":"x"}}').retryable, false);
  });

  it('never echoes the key in an error message', () => {
    const body = JSON.stringify({ type: 'error', error: { type: 'authentication_error', message: `invalid x-api-key ${credential.secret}` } });
    const error = adapter.mapUpstreamError(401, body, credential);
    assert.ok(!error.message.includes('SECRET'), error.message);
    const withoutCredential = adapter.mapUpstreamError(401, body);
    assert.ok(!withoutCredential.message.includes('SECRET'), withoutCredential.message);
  });
});
