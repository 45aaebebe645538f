import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../../common/api.error';
import { discoveryFailureFor, DiscoveryError, discoveryRequest, parseModelList, pickKey, toModelName } from './provider-discovery.rules';

describe('discoveryRequest', () => {
  it('openai and openai-compatible: Bearer on <baseUrl>/models', () => {
    assert.deepEqual(discoveryRequest('openai', 'https://api.openai.com/v1/', null, 'sk-1'), {
      url: 'https://api.openai.com/v1/models',
      headers: { accept: 'application/json', authorization: 'Bearer sk-1' },
    });
    assert.equal(discoveryRequest('openai-compatible', 'http://10.0.0.9:11434/v1', null, 'k').url, 'http://10.0.0.9:11434/v1/models');
  });
  it('anthropic: x-api-key and anthropic-version, no Bearer', () => {
    const r = discoveryRequest('anthropic', 'https://api.anthropic.com/v1', null, 'sk-ant');
    assert.equal(r.url, 'https://api.anthropic.com/v1/models?limit=1000');
    assert.equal(r.headers['x-api-key'], 'sk-ant');
    assert.equal(r.headers['anthropic-version'], '2023-06-01');
    assert.equal(r.headers.authorization, undefined);
  });
  it('azure: api-key and api-version', () => {
    const r = discoveryRequest('azure', 'https://res.openai.azure.com/openai', '2024-06-01', 'az');
    assert.equal(r.url, 'https://res.openai.azure.com/openai/models?api-version=2024-06-01');
    assert.deepEqual(r.headers, { accept: 'application/json', 'api-key': 'az' });
  });
});

describe('parseModelList', () => {
  it('ids, deduplicated and sorted; junk skipped', () => {
    assert.deepEqual(parseModelList({ data: [{ id: 'b' }, { id: 'a' }, { id: 'b' }, { id: '' }, { id: 7 }, null, { id: 'with space' }, { name: 'x' }] }), ['a', 'b']);
  });
  it('no data list is a DiscoveryError', () => {
    for (const body of [null, {}, { data: 'x' }, [], 'text']) assert.throws(() => parseModelList(body), DiscoveryError);
  });
});

describe('toModelName', () => {
  it('keeps slugs, replaces the rest, drops leading junk', () => {
    assert.equal(toModelName('gpt-4o'), 'gpt-4o');
    assert.equal(toModelName('models/gemini-1.5'), 'models/gemini-1.5');
    assert.equal(toModelName('llama 3 (8b)'), 'llama-3--8b-');
    assert.equal(toModelName('--x'), 'x');
    assert.equal(toModelName('###'), null);
    assert.equal(toModelName('a'.repeat(300))?.length, 128);
  });
});

describe('failures', () => {
  it('maps statuses to retryable or not, as 502 without secrets', () => {
    assert.deepEqual([401, 403, 404, 429, 500, 503, 400].map((s) => discoveryFailureFor(s).retryable), [false, false, false, true, true, true, false]);
    const api = discoveryFailureFor(401).toApiError();
    assert.ok(api instanceof ApiError);
    assert.equal(api.status, 502);
    assert.match(api.message, /rejected the key/);
  });
});

describe('pickKey', () => {
  const keys = [
    { id: 'a', enabled: true, weight: 1 },
    { id: 'b', enabled: false, weight: 9 },
    { id: 'c', enabled: true, weight: 5 },
  ];
  it('the enabled key with the highest weight', () => assert.equal(pickKey(keys).id, 'c'));
  it('a named key, even disabled', () => assert.equal(pickKey(keys, 'b').id, 'b'));
  it('422 for an unknown key or none enabled', () => {
    assert.throws(() => pickKey(keys, 'zz'), (e: unknown) => e instanceof ApiError && e.status === 422);
    assert.throws(() => pickKey([{ id: 'x', enabled: false, weight: 1 }]), (e: unknown) => e instanceof ApiError && e.status === 422);
  });
});
