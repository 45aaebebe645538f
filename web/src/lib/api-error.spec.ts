import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ApiCallError, errorFromNetwork, errorFromResponse, userMessage } from './api-error';

describe('errorFromResponse', () => {
  it('reads the services error body with a field', () => {
    const e = errorFromResponse('registry', 422, JSON.stringify({ error: { status: 422, code: 'unprocessable', message: 'use update-model', field: 'modelId' } }));
    assert.equal(e.status, 422);
    assert.equal(e.code, 'unprocessable');
    assert.equal(e.field, 'modelId');
    assert.equal(e.retryable, false);
    assert.equal(userMessage(e), 'modelId: use update-model');
  });

  it('does not repeat a field the message already names', () => {
    const e = errorFromResponse('registry', 400, JSON.stringify({ error: { code: 'invalid_request', message: 'maxReplicas: must be >= minReplicas', field: 'maxReplicas' } }));
    assert.equal(userMessage(e), 'maxReplicas: must be >= minReplicas');
  });

  it('honours the scheduler retryable flag', () => {
    const e = errorFromResponse('scheduler', 409, JSON.stringify({ error: { code: 'conflict', message: 'not leader', retryable: true } }));
    assert.equal(e.retryable, true);
  });

  it('hides 5xx details and marks them retryable', () => {
    const e = errorFromResponse('billing', 500, JSON.stringify({ error: { code: 'internal', message: 'stack trace at /srv/secret.ts' } }));
    assert.equal(e.retryable, true);
    assert.doesNotMatch(e.message, /secret/);
    assert.match(e.message, /billing failed to answer/);
  });

  it('survives non-JSON, empty, hostile and oversized bodies', () => {
    assert.equal(errorFromResponse('registry', 404, '<html>nope</html>').message, 'not found');
    assert.equal(errorFromResponse('registry', 401, '').unauthenticated, true);
    assert.equal(errorFromResponse('registry', 400, 'null').code, 'http_400');
    assert.equal(errorFromResponse('registry', 400, JSON.stringify({ error: 'text' })).code, 'http_400');
    assert.equal(errorFromResponse('registry', 400, JSON.stringify({ error: { message: 42, code: {} } })).message, 'request rejected (HTTP 400)');
    const long = errorFromResponse('registry', 400, JSON.stringify({ error: { code: 'x'.repeat(1000), message: 'm'.repeat(10_000), field: 'f'.repeat(1000) } }));
    assert.ok(long.message.length <= 500);
    assert.ok(long.code.length <= 64);
    assert.ok((long.field ?? '').length <= 200);
    assert.equal(errorFromResponse('registry', 429, '{}').retryable, true);
  });
});

describe('errorFromNetwork', () => {
  it('maps timeouts and refused connections', () => {
    const timeout = errorFromNetwork('health-monitor', Object.assign(new Error('x'), { name: 'TimeoutError' }));
    assert.equal(timeout.status, 504);
    assert.equal(timeout.retryable, true);
    const refused = errorFromNetwork('registry', new TypeError('fetch failed'));
    assert.equal(refused.status, 503);
    assert.equal(refused.message, 'registry is not reachable');
  });

  it('userMessage never leaks unknown errors', () => {
    assert.equal(userMessage(new Error('password=hunter2')), 'something went wrong; try again');
    assert.ok(new ApiCallError('registry', 400, 'c', 'm', undefined, false) instanceof Error);
  });
});
