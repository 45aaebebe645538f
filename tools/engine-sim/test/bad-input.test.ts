// Hostile and malformed input: every bad body gets a 4xx in the OpenAI error format and the server keeps serving.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { EngineSimHandle, startEngineSim } from '../src';
import { assertOpenAiError, postJson, postRaw } from './http.helper';

const CHAT = '/v1/chat/completions';
const user = [{ role: 'user', content: 'hi' }];

describe('engine-sim bad input', () => {
  let sim: EngineSimHandle;
  let small: EngineSimHandle;

  before(async () => {
    sim = await startEngineSim({ knobs: { model: 'm', maxModelLen: 64 } });
    small = await startEngineSim({ knobs: { model: 'm' }, maxBodyBytes: 1024 * 1024 });
  });
  after(async () => {
    await sim.close();
    await small.close();
  });

  it('rejects malformed JSON with 400', async () => {
    for (const body of ['{', '{"model":', 'not json', '', '\u0000\u0001', '{"messages":[{"role":"user","content":"x"}],}']) {
      const { status, text } = await postRaw(`${sim.url}${CHAT}`, body);
      assert.equal(status, 400, JSON.stringify(body));
      assert.match(assertOpenAiError(JSON.parse(text) as Record<string, unknown>, 400, 'BadRequestError'), /Invalid JSON/);
    }
  });

  it('rejects bodies that are not objects and fields of the wrong type with 400', async () => {
    const cases: Array<[string, unknown]> = [
      [CHAT, []],
      [CHAT, null],
      [CHAT, 'text'],
      [CHAT, 42],
      [CHAT, {}],
      [CHAT, { messages: 'hi' }],
      [CHAT, { messages: [] }],
      [CHAT, { messages: [{ content: 'no role' }] }],
      [CHAT, { messages: [null] }],
      [CHAT, { messages: user, model: 7 }],
      [CHAT, { messages: user, max_tokens: '5' }],
      [CHAT, { messages: user, max_tokens: 0 }],
      [CHAT, { messages: user, max_tokens: 1.5 }],
      [CHAT, { messages: user, max_completion_tokens: -3 }],
      [CHAT, { messages: user, max_tokens: 1000 }],
      [CHAT, { messages: user, n: 0 }],
      [CHAT, { messages: user, n: 'two' }],
      [CHAT, { messages: user, stream: 'yes' }],
      [CHAT, { messages: user, stream_options: { include_usage: true } }],
      [CHAT, { messages: user, stream: true, stream_options: 'usage' }],
      [CHAT, { messages: [{ role: 'user', content: 'word '.repeat(100) }] }],
      ['/v1/completions', {}],
      ['/v1/completions', { prompt: 12 }],
      ['/v1/completions', { prompt: [] }],
      ['/v1/completions', { prompt: '' }],
      ['/v1/completions', { prompt: [{ text: 'x' }] }],
      ['/v1/completions', { prompt: [1, -2] }],
      ['/v1/embeddings', {}],
      ['/v1/embeddings', { input: '' }],
      ['/v1/embeddings', { input: [null] }],
      ['/v1/embeddings', { input: 'x', encoding_format: 'hex' }],
      ['/v1/embeddings', { input: 'x', dimensions: -1 }],
      ['/v1/embeddings', { input: 'word '.repeat(100) }],
    ];
    for (const [path, body] of cases) {
      const { status, body: answer } = await postJson(`${sim.url}${path}`, body);
      assert.equal(status, 400, `${path} ${JSON.stringify(body).slice(0, 80)}`);
      assertOpenAiError(answer, 400, 'BadRequestError');
    }
  });

  it('survives deep nesting, prototype keys and binary garbage', async () => {
    const deep = '['.repeat(200_000) + ']'.repeat(200_000);
    assert.equal((await postRaw(`${sim.url}${CHAT}`, deep)).status, 400);
    const proto = await postJson(`${sim.url}${CHAT}`, '{"__proto__":{"messages":[{"role":"user"}]},"constructor":{"prototype":{"x":1}}}');
    assert.equal(proto.status, 400);
    assert.equal((await postRaw(`${sim.url}${CHAT}`, Buffer.from([0xff, 0xfe, 0x00, 0x7b]), 'application/octet-stream')).status, 400);
    assert.equal((await postJson(`${sim.url}/control`, { __proto__: { hang: true } })).status, 200);
    assert.equal((await postJson(`${sim.url}/control`, '{"__proto__":{"hang":true}}')).status, 400);
    assert.equal(sim.state().knobs.hang, false);
  });

  it('answers an oversized body with 413 and keeps serving on the same server', async () => {
    const huge = JSON.stringify({ messages: [{ role: 'user', content: 'x'.repeat(2 * 1024 * 1024) }] });
    const { status, text } = await postRaw(`${small.url}${CHAT}`, huge);
    assert.equal(status, 413);
    assertOpenAiError(JSON.parse(text) as Record<string, unknown>, 413, 'RequestEntityTooLargeError');
    assert.equal((await postJson(`${small.url}${CHAT}`, { messages: user })).status, 200);
  });

  it('applies the default 32 MiB limit', async () => {
    const { status } = await postRaw(`${sim.url}/v1/embeddings`, Buffer.alloc(33 * 1024 * 1024, 0x20));
    assert.equal(status, 413);
  });

  it('answers a flood of mixed good and bad requests in parallel', async () => {
    const bodies = ['{', '[]', JSON.stringify({ messages: user }), JSON.stringify({ messages: user, stream: true }), JSON.stringify({ model: 'x', messages: user })];
    const results = await Promise.all(Array.from({ length: 300 }, (_, i) => postRaw(`${sim.url}${CHAT}`, bodies[i % bodies.length])));
    const statuses = results.map((r) => r.status);
    assert.deepEqual([...new Set(statuses)].sort(), [200, 400, 404]);
    assert.equal(sim.state().stats.inFlight, 0);
  });

  it('shrugs off clients that hang up in the middle of a body', async () => {
    await new Promise<void>((resolve) => {
      const req = httpRequest(`${sim.url}${CHAT}`, { method: 'POST', agent: false, headers: { 'content-length': '1000' } });
      req.on('error', () => resolve());
      req.write('{"messages":', () => setTimeout(() => {
        req.destroy();
        resolve();
      }, 50));
    });
    assert.equal((await postJson(`${sim.url}${CHAT}`, { messages: user })).status, 200);
  });
});
