import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GatewayError } from '../errors/gateway.error';
import { parseRequestBody } from './request-body.parser';

function rejects(raw: Buffer | string | undefined, endpoint: 'chat' | 'completion' | 'embedding', param: string | null, code?: string): void {
  assert.throws(
    () => parseRequestBody(raw, endpoint),
    (e: unknown) => {
      assert.ok(e instanceof GatewayError, String(e));
      assert.equal(e.status, 400);
      assert.equal(e.param, param);
      if (code) assert.equal(e.code, code);
      assert.equal(e.toBody().error.type, 'invalid_request_error');
      return true;
    },
  );
}

const chat = (extra: Record<string, unknown> = {}) => JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }], ...extra });

describe('parseRequestBody', () => {
  it('accepts a minimal chat body and reads stream, usage, max_tokens and user', () => {
    const p = parseRequestBody(Buffer.from(chat({ stream: true, stream_options: { include_usage: true }, max_tokens: 7, user: 'u1' })), 'chat');
    assert.equal(p.model, 'm');
    assert.equal(p.stream, true);
    assert.equal(p.clientWantsUsage, true);
    assert.equal(p.maxTokens, 7);
    assert.equal(p.user, 'u1');
  });

  it('prefers max_completion_tokens and accepts nulls as absent', () => {
    const p = parseRequestBody(chat({ max_tokens: 3, max_completion_tokens: 9, temperature: null, stream: null }), 'chat');
    assert.equal(p.maxTokens, 9);
    assert.equal(p.stream, false);
  });

  it('never streams embeddings', () => {
    const p = parseRequestBody(JSON.stringify({ model: 'e', input: 'x', stream: true }), 'embedding');
    assert.equal(p.stream, false);
  });

  it('refuses empty, malformed, non-object and invalid UTF-8 bodies', () => {
    rejects(undefined, 'chat', null);
    rejects(Buffer.alloc(0), 'chat', null);
    rejects('{"model":', 'chat', null, 'invalid_json');
    rejects('[1,2]', 'chat', null, 'invalid_type');
    rejects('null', 'chat', null, 'invalid_type');
    rejects('"text"', 'chat', null, 'invalid_type');
    rejects(Buffer.from([0x7b, 0x22, 0x6d, 0xff, 0xfe, 0x22, 0x7d]), 'chat', null, 'invalid_encoding');
    rejects(Buffer.from([0xc3]), 'chat', null, 'invalid_encoding');
  });

  it('refuses bodies nested too deeply, counting brackets outside strings only', () => {
    rejects(`{"model":"m","messages":[{"role":"user","content":${'['.repeat(100)}${']'.repeat(100)}}]}`, 'chat', null, 'invalid_request');
    const p = parseRequestBody(JSON.stringify({ model: 'm', messages: [{ role: 'user', content: '[[[['.repeat(100) + '\\"{' }] }), 'chat');
    assert.equal(p.model, 'm');
  });

  it('requires a string model', () => {
    rejects(JSON.stringify({ messages: [] }), 'chat', 'model', 'missing_required_parameter');
    rejects(JSON.stringify({ model: '', messages: [] }), 'chat', 'model', 'missing_required_parameter');
    rejects(JSON.stringify({ model: 42, messages: [] }), 'chat', 'model', 'invalid_type');
    rejects(JSON.stringify({ model: ['a'], messages: [] }), 'chat', 'model', 'invalid_type');
    rejects(JSON.stringify({ model: 'x'.repeat(300), messages: [{ role: 'user' }] }), 'chat', 'model');
  });

  it('checks messages', () => {
    rejects(JSON.stringify({ model: 'm' }), 'chat', 'messages', 'missing_required_parameter');
    rejects(JSON.stringify({ model: 'm', messages: 'hi' }), 'chat', 'messages', 'invalid_type');
    rejects(JSON.stringify({ model: 'm', messages: [] }), 'chat', 'messages');
    rejects(JSON.stringify({ model: 'm', messages: [1] }), 'chat', 'messages[0]', 'invalid_type');
    rejects(JSON.stringify({ model: 'm', messages: [{ content: 'x' }] }), 'chat', 'messages[0].role', 'invalid_type');
    rejects(JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 5 }] }), 'chat', 'messages[0].content', 'invalid_type');
  });

  it('checks the types of known fields', () => {
    rejects(chat({ stream: 'yes' }), 'chat', 'stream', 'invalid_type');
    rejects(chat({ max_tokens: -1 }), 'chat', 'max_tokens', 'invalid_type');
    rejects(chat({ max_tokens: 1.5 }), 'chat', 'max_tokens', 'invalid_type');
    rejects(chat({ max_tokens: '10' }), 'chat', 'max_tokens', 'invalid_type');
    rejects(chat({ temperature: 'hot' }), 'chat', 'temperature', 'invalid_type');
    rejects(chat({ n: 0 }), 'chat', 'n', 'invalid_type');
    rejects(chat({ user: 12 }), 'chat', 'user', 'invalid_type');
    rejects(chat({ stream_options: true }), 'chat', 'stream_options', 'invalid_type');
    rejects(chat({ tools: {} }), 'chat', 'tools', 'invalid_type');
    rejects(chat({ stop: 3 }), 'chat', 'stop', 'invalid_type');
  });

  it('checks prompt and input', () => {
    assert.equal(parseRequestBody(JSON.stringify({ model: 'c', prompt: 'once' }), 'completion').model, 'c');
    assert.equal(parseRequestBody(JSON.stringify({ model: 'c', prompt: [[1, 2], [3]] }), 'completion').model, 'c');
    rejects(JSON.stringify({ model: 'c' }), 'completion', 'prompt', 'missing_required_parameter');
    rejects(JSON.stringify({ model: 'c', prompt: {} }), 'completion', 'prompt', 'invalid_type');
    rejects(JSON.stringify({ model: 'c', prompt: [] }), 'completion', 'prompt');
    rejects(JSON.stringify({ model: 'c', prompt: [{}] }), 'completion', 'prompt', 'invalid_type');
    rejects(JSON.stringify({ model: 'e' }), 'embedding', 'input', 'missing_required_parameter');
    rejects(JSON.stringify({ model: 'e', input: 5 }), 'embedding', 'input', 'invalid_type');
    rejects(JSON.stringify({ model: 'e', input: 'x', dimensions: 0 }), 'embedding', 'dimensions', 'invalid_type');
  });

  it('never throws anything but a 400 GatewayError on random bytes', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const pieces = ['{', '}', '[', ']', '"model"', ':', '"m"', ',', '"messages"', 'null', '1e309', '-0', '"\\u0000"', '\\', 'true', ' '];
    for (let i = 0; i < 2000; i++) {
      const useBytes = rand() < 0.3;
      const raw = useBytes
        ? Buffer.from(Array.from({ length: Math.floor(rand() * 40) }, () => Math.floor(rand() * 256)))
        : Array.from({ length: Math.floor(rand() * 12) }, () => pieces[Math.floor(rand() * pieces.length)]).join('');
      try {
        parseRequestBody(raw, (['chat', 'completion', 'embedding'] as const)[i % 3]);
      } catch (e) {
        assert.ok(e instanceof GatewayError && e.status === 400, `unexpected ${String(e)}`);
      }
    }
  });
});
