import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { joinUrl } from './json-guards';

describe('joinUrl', () => {
  it('puts exactly one slash between base and path', () => {
    assert.equal(joinUrl('http://h:1/v1', 'chat/completions'), 'http://h:1/v1/chat/completions');
    assert.equal(joinUrl('http://h:1/v1/', 'chat/completions'), 'http://h:1/v1/chat/completions');
    assert.equal(joinUrl('http://h:1/v1', '/chat/completions'), 'http://h:1/v1/chat/completions');
    assert.equal(joinUrl('http://h:1/v1///', '//embeddings'), 'http://h:1/v1/embeddings');
    assert.equal(joinUrl('', 'x'), '/x');
    assert.equal(joinUrl('http://h', ''), 'http://h/');
  });
});
