// Streaming: SSE framing, chunk shapes, include_usage's final chunk, latency knobs, and the openai SDK as a client.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { EngineSimHandle, generatedText, startEngineSim } from '../src';
import { freshRequest, postStream } from './http.helper';

const MODEL = 'demo-llama';
type Chunk = { id: string; object: string; created: number; model: string; choices: Array<Record<string, unknown>>; usage?: unknown };

describe('engine-sim streaming', () => {
  let sim: EngineSimHandle;

  before(async () => {
    sim = await startEngineSim({ knobs: { model: MODEL } });
  });
  after(() => sim.close());

  it('streams a chat completion as SSE data lines ending with [DONE]', async () => {
    const { status, contentType, events } = await postStream(`${sim.url}/v1/chat/completions`, {
      model: MODEL,
      messages: [{ role: 'user', content: 'hi' }],
      max_tokens: 3,
      stream: true,
    });
    assert.equal(status, 200);
    assert.equal(contentType, 'text/event-stream; charset=utf-8');
    assert.equal(events.at(-1), '[DONE]');
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e) as Chunk);
    assert.equal(chunks.length, 1 + 3 + 1, 'role chunk, one per token, finish chunk');
    const { id, created } = chunks[0];
    assert.match(id, /^chatcmpl-/);
    for (const chunk of chunks) {
      assert.deepEqual(Object.keys(chunk), ['id', 'object', 'created', 'model', 'choices'], 'no usage key without include_usage');
      assert.equal(chunk.id, id);
      assert.equal(chunk.created, created);
      assert.equal(chunk.object, 'chat.completion.chunk');
      assert.equal(chunk.model, MODEL);
    }
    assert.deepEqual(chunks[0].choices, [{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }]);
    assert.deepEqual(chunks[1].choices, [{ index: 0, delta: { content: 'the' }, logprobs: null, finish_reason: null }]);
    const text = chunks.map((c) => ((c.choices[0].delta as { content?: string }).content ?? '')).join('');
    assert.equal(text, generatedText(3));
    assert.deepEqual(chunks[4].choices, [{ index: 0, delta: {}, logprobs: null, finish_reason: 'length', stop_reason: null }]);
  });

  it('sends streams chunked (no content-length), with no-cache and the caller\'s x-request-id', async () => {
    for (const knobs of [{ ttftMs: 0 }, { ttftMs: 5 }]) {
      await sim.control(knobs);
      const response = await freshRequest(`${sim.url}/v1/completions`, 'POST', JSON.stringify({ prompt: 'x', max_tokens: 2, stream: true }), {
        'x-request-id': 'req-42',
      });
      assert.equal(response.headers['transfer-encoding'], 'chunked');
      assert.equal(response.headers['content-length'], undefined);
      assert.equal(response.headers['cache-control'], 'no-cache');
      assert.equal(response.headers['x-request-id'], 'req-42');
      assert.ok(response.text.endsWith('data: [DONE]\n\n'));
    }
    await sim.control({ ttftMs: 0 });
  });

  it('with include_usage: usage null on every chunk, then a final chunk with usage and empty choices', async () => {
    const { events } = await postStream(`${sim.url}/v1/chat/completions`, {
      model: MODEL,
      messages: [{ role: 'user', content: 'hi' }],
      max_tokens: 2,
      stream: true,
      stream_options: { include_usage: true },
    });
    assert.equal(events.at(-1), '[DONE]');
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e) as Chunk);
    const last = chunks.at(-1) as Chunk;
    assert.deepEqual(Object.keys(last), ['id', 'object', 'created', 'model', 'choices', 'usage']);
    assert.deepEqual(last.choices, []);
    assert.deepEqual(last.usage, { prompt_tokens: 5, total_tokens: 7, completion_tokens: 2, prompt_tokens_details: null });
    for (const chunk of chunks.slice(0, -1)) {
      assert.equal(chunk.usage, null);
      assert.equal(chunk.choices.length, 1);
    }
  });

  it('streams a text completion without a role chunk', async () => {
    const { events } = await postStream(`${sim.url}/v1/completions`, {
      model: MODEL,
      prompt: 'once upon',
      max_tokens: 2,
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e) as Chunk);
    assert.equal(chunks.length, 2 + 1 + 1);
    assert.equal(chunks[0].object, 'text_completion');
    assert.match(chunks[0].id, /^cmpl-/);
    assert.deepEqual(chunks[0].choices, [{ index: 0, text: 'the', logprobs: null, finish_reason: null, stop_reason: null }]);
    assert.deepEqual(chunks[2].choices, [{ index: 0, text: '', logprobs: null, finish_reason: 'length', stop_reason: null }]);
    assert.deepEqual(chunks[3].choices, []);
    assert.deepEqual(chunks[3].usage, { prompt_tokens: 2, total_tokens: 4, completion_tokens: 2, prompt_tokens_details: null });
  });

  it('sends stream headers at once and spaces tokens by ttft and inter-token latency', async () => {
    await sim.control({ ttftMs: 400, itlMs: 40 });
    try {
      const started = performance.now();
      const response = await fetch(`${sim.url}/v1/chat/completions`, {
        method: 'POST',
        body: JSON.stringify({ model: MODEL, messages: [{ role: 'user', content: 'hi' }], max_tokens: 4, stream: true }),
      });
      const headersAt = performance.now() - started;
      assert.equal(response.status, 200);
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      const first = await reader.read();
      const firstAt = performance.now() - started;
      assert.ok(!first.done);
      let rest = '';
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        rest += Buffer.from(value).toString('utf8');
      }
      const total = performance.now() - started;
      assert.ok(firstAt >= 390, `first token after ttft (${firstAt} ms)`);
      assert.ok(firstAt - headersAt >= 150, `headers sent before the first token (${headersAt} vs ${firstAt} ms)`);
      assert.ok(total >= 390 + 3 * 40 - 10, `tokens spaced by itl (${total} ms)`);
      assert.ok(rest.endsWith('data: [DONE]\n\n'));
    } finally {
      await sim.control({ ttftMs: 0, itlMs: 0 });
    }
  });

  it('a non-streamed answer waits ttft + itl × (tokens − 1)', async () => {
    await sim.control({ ttftMs: 50, itlMs: 20 });
    try {
      const started = performance.now();
      const response = await fetch(`${sim.url}/v1/completions`, { method: 'POST', body: JSON.stringify({ prompt: 'x', max_tokens: 6 }) });
      await response.json();
      const elapsed = performance.now() - started;
      assert.ok(elapsed >= 50 + 5 * 20 - 10, `waited ${elapsed} ms`);
    } finally {
      await sim.control({ ttftMs: 0, itlMs: 0 });
    }
  });

  describe('through the openai SDK (v6)', () => {
    let client: OpenAI;
    before(() => {
      client = new OpenAI({ baseURL: `${sim.url}/v1`, apiKey: 'x', maxRetries: 0 });
    });

    it('reads a chat stream with usage', async () => {
      await sim.control({ ttftMs: 5, itlMs: 1 });
      try {
        const stream = await client.chat.completions.create({
          model: MODEL,
          messages: [{ role: 'user', content: 'hello' }],
          max_tokens: 5,
          stream: true,
          stream_options: { include_usage: true },
        });
        let text = '';
        let finish: string | null = null;
        let usage: OpenAI.CompletionUsage | null | undefined;
        for await (const chunk of stream) {
          if (chunk.choices.length > 0) {
            text += chunk.choices[0].delta.content ?? '';
            finish = chunk.choices[0].finish_reason ?? finish;
          }
          if (chunk.usage) usage = chunk.usage;
        }
        assert.equal(text, generatedText(5));
        assert.equal(finish, 'length');
        assert.equal(usage?.completion_tokens, 5);
        assert.equal(usage?.prompt_tokens, 5);
      } finally {
        await sim.control({ ttftMs: 0, itlMs: 0 });
      }
    });

    it('reads a non-streamed chat completion and a completion', async () => {
      const chat = await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'hello' }], max_tokens: 2 });
      assert.equal(chat.choices[0].message.content, generatedText(2));
      const completion = await client.completions.create({ model: MODEL, prompt: 'hello', max_tokens: 3 });
      assert.equal(completion.choices[0].text, generatedText(3));
      assert.equal(completion.usage?.total_tokens, 4);
    });

    it('reads a completions stream', async () => {
      const stream = await client.completions.create({ model: MODEL, prompt: 'hello', max_tokens: 3, stream: true });
      let text = '';
      for await (const chunk of stream) text += chunk.choices[0]?.text ?? '';
      assert.equal(text, generatedText(3));
    });

    it('reads embeddings (the SDK asks for base64 and decodes it)', async () => {
      const result = await client.embeddings.create({ model: MODEL, input: ['one', 'two'] });
      assert.equal(result.data.length, 2);
      assert.equal(result.data[0].embedding.length, 16);
      assert.equal(result.usage.prompt_tokens, 2);
    });

    it('surfaces errors as typed SDK errors with the message', async () => {
      await assert.rejects(
        client.chat.completions.create({ model: 'other', messages: [{ role: 'user', content: 'x' }] }),
        (error: unknown) => error instanceof OpenAI.NotFoundError && error.message.includes('The model `other` does not exist.'),
      );
      await assert.rejects(
        client.chat.completions.create({ model: MODEL, messages: 'nope' as unknown as [] }),
        (error: unknown) => error instanceof OpenAI.BadRequestError && error.status === 400,
      );
    });
  });
});
