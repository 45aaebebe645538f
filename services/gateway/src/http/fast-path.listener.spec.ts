import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fastEndpoint } from './fast-path.listener';
import { pooledRequestId, requestIdFor } from './request-id';

describe('fastEndpoint (which requests skip Fastify)', () => {
  const req = (method: string, url: string, headers: Record<string, string> = {}) => ({
    method,
    url,
    headers: { 'content-length': '20', 'content-type': 'application/json', ...headers },
  });

  it('takes plain POSTs to the three API routes', () => {
    assert.equal(fastEndpoint(req('POST', '/v1/chat/completions'), 100), 'chat');
    assert.equal(fastEndpoint(req('POST', '/v1/completions?x=1'), 100), 'completion');
    assert.equal(fastEndpoint(req('POST', '/v1/embeddings'), 100), 'embedding');
    const noType = req('POST', '/v1/chat/completions');
    delete (noType.headers as Record<string, string | undefined>)['content-type'];
    assert.equal(fastEndpoint(noType, 100), 'chat');
    assert.equal(fastEndpoint(req('POST', '/v1/chat/completions', { 'content-type': 'application/json; charset=utf-8' }), 100), 'chat');
  });

  it('leaves everything else to Fastify', () => {
    assert.equal(fastEndpoint(req('GET', '/v1/chat/completions'), 100), undefined);
    assert.equal(fastEndpoint(req('POST', '/v1/models'), 100), undefined);
    assert.equal(fastEndpoint(req('POST', '/v1/chat/completions/'), 100), undefined);
    assert.equal(fastEndpoint(req('POST', '/v1/chat%2Fcompletions'), 100), undefined);
    assert.equal(fastEndpoint(req('POST', '/v1/chat/completions', { 'content-length': '101' }), 100), undefined, 'over the limit: 413 by Fastify');
    assert.equal(fastEndpoint(req('POST', '/v1/chat/completions', { 'content-length': '0' }), 100), undefined, 'empty body');
    assert.equal(fastEndpoint(req('POST', '/v1/chat/completions', { 'content-length': '1e3' }), 10_000), undefined);
    assert.equal(fastEndpoint(req('POST', '/v1/chat/completions', { 'transfer-encoding': 'chunked' }), 100), undefined);
    assert.equal(fastEndpoint(req('POST', '/v1/chat/completions', { 'content-type': 'text/plain' }), 100), undefined);
    assert.equal(fastEndpoint(req('POST', '/v1/chat/completions', { 'content-type': 'application/json;;' }), 100), undefined);
    const noLength = req('POST', '/v1/chat/completions');
    delete (noLength.headers as Record<string, string | undefined>)['content-length'];
    assert.equal(fastEndpoint(noLength, 100), undefined);
  });
});

describe('request ids', () => {
  it('are 24 random hex characters, distinct across many (pool refills included)', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2_000; i++) {
      const id = pooledRequestId();
      assert.match(id, /^[0-9a-f]{24}$/);
      seen.add(id);
    }
    assert.equal(seen.size, 2_000);
  });

  it("keep a caller's sane x-request-id and replace a hostile one", () => {
    assert.equal(requestIdFor('abc-123'), 'abc-123');
    assert.match(requestIdFor(undefined), /^[0-9a-f]{24}$/);
    assert.match(requestIdFor('evil\r\nSet-Cookie: x'), /^[0-9a-f]{24}$/);
    assert.equal(requestIdFor(['first', 'second']), 'first');
  });
});
