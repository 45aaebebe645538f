import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeFailure, healthUrlFor, modelsUrlFor, readStatus, shouldTryHealth, statusDetail, summarise, type EndpointProbeResult } from './connectivity.report';

const ok = (url: string): EndpointProbeResult => ({ url, probedUrl: `${url}/models`, ok: true, status: 200, latencyMs: 3, error: null });
const bad = (url: string): EndpointProbeResult => ({ url, probedUrl: `${url}/models`, ok: false, status: null, latencyMs: null, error: 'connection refused' });

describe('probe URLs', () => {
  it('models: keeps a version segment, else adds /v1', () => {
    assert.equal(modelsUrlFor('http://10.0.0.5:8000/v1'), 'http://10.0.0.5:8000/v1/models');
    assert.equal(modelsUrlFor('http://10.0.0.5:8000/v1/'), 'http://10.0.0.5:8000/v1/models');
    assert.equal(modelsUrlFor('http://10.0.0.5:8000'), 'http://10.0.0.5:8000/v1/models');
    assert.equal(modelsUrlFor('https://host/proxy/v2'), 'https://host/proxy/v2/models');
    assert.equal(modelsUrlFor('https://host/proxy'), 'https://host/proxy/v1/models');
  });
  it('health: the path on the origin', () => {
    assert.equal(healthUrlFor('http://10.0.0.5:8000/v1', '/health'), 'http://10.0.0.5:8000/health');
    assert.equal(healthUrlFor('http://h/a/b', '/ready?x=1'), 'http://h/ready?x=1');
  });
});

describe('reading answers', () => {
  it('2xx ok; 401/403 reachable with a note; others not ok', () => {
    assert.deepEqual(readStatus(200), { ok: true, note: null });
    assert.deepEqual(readStatus(204), { ok: true, note: null });
    assert.equal(readStatus(401).ok, true);
    assert.match(readStatus(403).note ?? '', /requires authentication/);
    assert.deepEqual(readStatus(500), { ok: false, note: 'HTTP 500' });
    assert.deepEqual(readStatus(302), { ok: false, note: 'HTTP 302' });
  });
  it('falls back to the health path on 404/405/501 only', () => {
    assert.deepEqual([404, 405, 501, 200, 500, 401].map(shouldTryHealth), [true, true, true, false, false, false]);
  });
  it('describes failures without stacks', () => {
    assert.equal(describeFailure({ name: 'TimeoutError' }, 2000), 'timed out after 2000 ms');
    assert.equal(describeFailure({ name: 'AbortError' }, 5), 'timed out after 5 ms');
    assert.equal(describeFailure({ name: 'TypeError', message: 'fetch failed', cause: { code: 'ECONNREFUSED' } }, 1), 'connection refused');
    assert.equal(describeFailure({ name: 'TypeError', message: 'fetch failed', cause: { code: 'ENOTFOUND' } }, 1), 'host not found');
    assert.equal(describeFailure({ name: 'TypeError', message: 'fetch failed', cause: { code: 'UND_ERR_SOCKET' } }, 1), 'connection closed by the server');
    assert.equal(describeFailure({ message: 'weird\n  thing' }, 1), 'weird thing');
    assert.equal(describeFailure({ message: 'x'.repeat(500) }, 1).length, 200);
    assert.equal(describeFailure(null, 1), 'request failed');
  });
});

describe('summarise', () => {
  const at = new Date('2026-11-23T12:00:00Z');
  it('all reachable', () => {
    const r = summarise([ok('a'), ok('b')], at);
    assert.deepEqual([r.ok, r.reachable, r.total, r.summary, r.testedAt], [true, 2, 2, 'all 2 endpoint(s) reachable', '2026-11-23T12:00:00.000Z']);
  });
  it('some unreachable', () => {
    const r = summarise([ok('a'), bad('b'), bad('c')], at);
    assert.deepEqual([r.ok, r.reachable, r.summary], [false, 1, '2 of 3 endpoint(s) unreachable']);
  });
  it('none reachable', () => assert.equal(summarise([bad('a')], at).summary, 'no endpoint reachable (0 of 1)'));
  it('nothing to test', () => {
    const r = summarise([], at);
    assert.equal(r.ok, null);
    assert.match(r.summary, /no endpoints/);
  });
  it('statusDetail shows a failed test only', () => {
    assert.equal(statusDetail('pending', summarise([ok('a')], at)), 'pending');
    assert.equal(statusDetail('pending', summarise([], at)), 'pending');
    assert.equal(statusDetail('pending', null), 'pending');
    assert.equal(statusDetail('running', summarise([bad('a')], at)), 'running; connectivity test failed: no endpoint reachable (0 of 1)');
  });
});
