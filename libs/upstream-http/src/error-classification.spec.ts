import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { classifyTransportError, isRetryableStatus, statusError, toUpstreamError } from './error-classification';
import { UpstreamError } from './upstream.error';

const err = (code: string, name = 'Error') => Object.assign(new Error(code), { code, name });

describe('classifyTransportError', () => {
  it('maps undici and socket codes onto kinds', () => {
    assert.equal(classifyTransportError(err('ECONNREFUSED'), false), 'connect');
    assert.equal(classifyTransportError(err('ENOTFOUND'), false), 'connect');
    assert.equal(classifyTransportError(err('UND_ERR_CONNECT_TIMEOUT'), false), 'timeout');
    assert.equal(classifyTransportError(err('UND_ERR_HEADERS_TIMEOUT'), false), 'timeout');
    assert.equal(classifyTransportError(err('UND_ERR_BODY_TIMEOUT'), false), 'timeout');
    assert.equal(classifyTransportError(err('ECONNRESET'), false), 'reset');
    assert.equal(classifyTransportError(err('UND_ERR_SOCKET'), false), 'reset');
    assert.equal(classifyTransportError(err('HPE_INVALID_CONSTANT'), false), 'protocol');
    assert.equal(classifyTransportError(err('UND_ERR_ABORTED'), false), 'aborted');
    assert.equal(classifyTransportError(err('X', 'AbortError'), false), 'aborted');
    assert.equal(classifyTransportError(new Error('???'), false), 'reset');
    assert.equal(classifyTransportError('not even an error', false), 'reset');
  });
  it('reads the code of a cause', () => {
    const wrapped = new Error('fetch failed', { cause: err('ECONNREFUSED') });
    assert.equal(classifyTransportError(wrapped, false), 'connect');
  });
  it('says aborted when the caller cancelled, whatever the error', () => {
    assert.equal(classifyTransportError(err('ECONNRESET'), true), 'aborted');
  });
});

describe('toUpstreamError', () => {
  it('is retryable before the response and not while streaming the body', () => {
    const before = toUpstreamError(err('ECONNREFUSED'), { instanceId: 'i1', aborted: false, phase: 'request' });
    assert.ok(before instanceof UpstreamError);
    assert.equal(before.retryable, true);
    assert.equal(before.instanceId, 'i1');
    const during = toUpstreamError(err('ECONNRESET'), { instanceId: 'i1', aborted: false, phase: 'body' });
    assert.equal(during.retryable, false);
    assert.equal(toUpstreamError(err('X'), { instanceId: 'i', aborted: true, phase: 'request' }).retryable, false);
  });
  it('names the timeout', () => {
    assert.match(toUpstreamError(err('UND_ERR_HEADERS_TIMEOUT'), { instanceId: 'i', aborted: false, phase: 'request' }).message, /first-byte/);
    assert.match(toUpstreamError(err('UND_ERR_CONNECT_TIMEOUT'), { instanceId: 'i', aborted: false, phase: 'request' }).message, /connect/);
    assert.match(toUpstreamError(err('UND_ERR_BODY_TIMEOUT'), { instanceId: 'i', aborted: false, phase: 'body' }).message, /idle/);
  });
  it('passes an UpstreamError through', () => {
    const e = statusError('i', 503);
    assert.equal(toUpstreamError(e, { instanceId: 'x', aborted: false, phase: 'request' }), e);
  });
});

describe('statuses', () => {
  it('retries 429, 408 and 5xx, not other 4xx', () => {
    for (const s of [408, 409, 425, 429, 500, 502, 503, 504, 529]) assert.equal(isRetryableStatus(s), true, String(s));
    for (const s of [400, 401, 403, 404, 413, 422]) assert.equal(isRetryableStatus(s), false, String(s));
    const e = statusError('i9', 503);
    assert.equal(e.kind, 'status');
    assert.equal(e.status, 503);
    assert.equal(e.retryable, true);
  });
});
