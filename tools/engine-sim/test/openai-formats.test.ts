// Non-streaming wire formats: chat, completions, embeddings, models, health, metrics, errors (exact field shapes).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EngineSimHandle, countTokens, generatedText, startEngineSim } from '../src';
import { assertOpenAiError, metric, postJson } from './http.helper';

const MODEL = 'demo-llama';

describe('engine-sim wire formats', () => {
  let sim: EngineSimHandle;

  before(async () => {
    sim = await startEngineSim({ knobs: { model: MODEL, embeddingDim: 8 } });
  });
  after(() => sim.close());

  it('answers a chat completion in vLLM/OpenAI shape, with usage from the tokenizer', async () => {
    const before = Math.floor(Date.now() / 1000);
    const { status, headers, body } = await postJson(`${sim.url}/v1/chat/completions`, {
      model: MODEL,
      messages: [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: 'hi there' },
      ],
      max_tokens: 5,
    });
    assert.equal(status, 200);
    assert.equal(headers.get('content-type'), 'application/json');
    assert.deepEqual(Object.keys(body), ['id', 'object', 'created', 'model', 'choices', 'usage', 'prompt_logprobs']);
    assert.match(body.id as string, /^chatcmpl-[0-9a-f]+$/);
    assert.equal(body.object, 'chat.completion');
    assert.ok((body.created as number) >= before && (body.created as number) <= before + 2);
    assert.equal(body.model, MODEL);
    assert.deepEqual(body.choices, [
      {
        index: 0,
        message: { role: 'assistant', reasoning_content: null, content: generatedText(5), tool_calls: [] },
        logprobs: null,
        finish_reason: 'length',
        stop_reason: null,
      },
    ]);
    const prompt = 2 * 4 + countTokens('You are terse.') + countTokens('hi there');
    assert.deepEqual(body.usage, { prompt_tokens: prompt, total_tokens: prompt + 5, completion_tokens: 5, prompt_tokens_details: null });
  });

  it('honours max_completion_tokens and stops with "stop" at the default length without a limit', async () => {
    const limited = await postJson(`${sim.url}/v1/chat/completions`, { model: MODEL, messages: [{ role: 'user', content: 'x' }], max_completion_tokens: 3 });
    assert.equal((limited.body.usage as { completion_tokens: number }).completion_tokens, 3);
    const open = await postJson(`${sim.url}/v1/chat/completions`, { messages: [{ role: 'user', content: 'x' }] });
    const choice = (open.body.choices as Array<{ finish_reason: string; message: { content: string } }>)[0];
    assert.equal(choice.finish_reason, 'stop');
    assert.equal(countTokens(choice.message.content), 16);
  });

  it('gives distinct ids to successive requests', async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const { body } = await postJson(`${sim.url}/v1/chat/completions`, { model: MODEL, messages: [{ role: 'user', content: 'x' }], max_tokens: 1 });
      ids.add(body.id as string);
    }
    assert.equal(ids.size, 5);
  });

  it('answers a text completion in vLLM/OpenAI shape', async () => {
    const { status, body } = await postJson(`${sim.url}/v1/completions`, { model: MODEL, prompt: 'Say hello, world', max_tokens: 4 });
    assert.equal(status, 200);
    assert.deepEqual(Object.keys(body), ['id', 'object', 'created', 'model', 'choices', 'usage']);
    assert.match(body.id as string, /^cmpl-[0-9a-f]+$/);
    assert.equal(body.object, 'text_completion');
    assert.equal(body.model, MODEL);
    assert.deepEqual(body.choices, [
      { index: 0, text: generatedText(4), logprobs: null, finish_reason: 'length', stop_reason: null, prompt_logprobs: null },
    ]);
    assert.deepEqual(body.usage, { prompt_tokens: 4, total_tokens: 8, completion_tokens: 4, prompt_tokens_details: null });
  });

  it('answers one choice per prompt for a list of prompts and counts token-id prompts by length', async () => {
    const { body } = await postJson(`${sim.url}/v1/completions`, { model: MODEL, prompt: ['a b', [1, 2, 3]], max_tokens: 2 });
    assert.deepEqual((body.choices as Array<{ index: number }>).map((c) => c.index), [0, 1]);
    assert.deepEqual(body.usage, { prompt_tokens: 5, total_tokens: 9, completion_tokens: 4, prompt_tokens_details: null });
  });

  it('returns deterministic unit embeddings of the configured dimension for string and array input', async () => {
    const one = await postJson(`${sim.url}/v1/embeddings`, { model: MODEL, input: 'hello world' });
    assert.equal(one.status, 200);
    assert.deepEqual(Object.keys(one.body), ['id', 'object', 'created', 'model', 'data', 'usage']);
    assert.equal(one.body.object, 'list');
    assert.equal(one.body.model, MODEL);
    assert.deepEqual(one.body.usage, { prompt_tokens: 2, total_tokens: 2 });
    const [item] = one.body.data as Array<{ index: number; object: string; embedding: number[] }>;
    assert.deepEqual(Object.keys(item), ['index', 'object', 'embedding']);
    assert.equal(item.object, 'embedding');
    assert.equal(item.embedding.length, 8);
    const norm = Math.sqrt(item.embedding.reduce((sum, v) => sum + v * v, 0));
    assert.ok(Math.abs(norm - 1) < 1e-5, `unit length, got ${norm}`);

    const many = await postJson(`${sim.url}/v1/embeddings`, { model: MODEL, input: ['hello world', 'other text here'] });
    const data = many.body.data as Array<{ index: number; embedding: number[] }>;
    assert.deepEqual(data.map((d) => d.index), [0, 1]);
    assert.deepEqual(data[0].embedding, item.embedding, 'same input, same vector');
    assert.notDeepEqual(data[1].embedding, item.embedding);
    assert.deepEqual(many.body.usage, { prompt_tokens: 5, total_tokens: 5 });

    const wide = await postJson(`${sim.url}/v1/embeddings`, { model: MODEL, input: 'x', dimensions: 32 });
    assert.equal((wide.body.data as Array<{ embedding: number[] }>)[0].embedding.length, 32);
  });

  it('encodes embeddings as float32 little-endian base64 on request', async () => {
    const floats = await postJson(`${sim.url}/v1/embeddings`, { model: MODEL, input: 'abc' });
    const base64 = await postJson(`${sim.url}/v1/embeddings`, { model: MODEL, input: 'abc', encoding_format: 'base64' });
    const encoded = (base64.body.data as Array<{ embedding: string }>)[0].embedding;
    const bytes = Buffer.from(encoded, 'base64');
    const decoded = Array.from({ length: bytes.length / 4 }, (_, i) => bytes.readFloatLE(i * 4));
    assert.deepEqual(decoded, (floats.body.data as Array<{ embedding: number[] }>)[0].embedding);
  });

  it('lists the served model', async () => {
    const response = await fetch(`${sim.url}/v1/models`);
    const body = (await response.json()) as { object: string; data: Array<Record<string, unknown>> };
    assert.equal(body.object, 'list');
    assert.equal(body.data.length, 1);
    assert.deepEqual(Object.keys(body.data[0]), ['id', 'object', 'created', 'owned_by', 'root', 'parent', 'max_model_len']);
    assert.equal(body.data[0].id, MODEL);
    assert.equal(body.data[0].object, 'model');
  });

  it('reports health as an empty 200', async () => {
    const response = await fetch(`${sim.url}/health`);
    assert.equal(response.status, 200);
    assert.equal(await response.text(), '');
  });

  it('exposes vLLM metric names labelled with model_name', async () => {
    sim.resetStats();
    await postJson(`${sim.url}/v1/chat/completions`, { model: MODEL, messages: [{ role: 'user', content: 'a b c' }], max_tokens: 7 });
    const response = await fetch(`${sim.url}/metrics`);
    assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    const label = `model_name="${MODEL}"`;
    for (const name of ['vllm:num_requests_running', 'vllm:num_requests_waiting', 'vllm:gpu_cache_usage_perc']) {
      assert.match(text, new RegExp(`# TYPE ${name} gauge`));
      assert.equal(metric(text, name, label), 0);
    }
    assert.match(text, /# TYPE vllm:prompt_tokens_total counter/);
    assert.equal(metric(text, 'vllm:prompt_tokens_total', label), 7);
    assert.equal(metric(text, 'vllm:generation_tokens_total', label), 7);
    assert.match(text, /# TYPE vllm:time_to_first_token_seconds histogram/);
    assert.equal(metric(text, 'vllm:time_to_first_token_seconds_count', label), 1);
    assert.equal(metric(text, 'vllm:time_to_first_token_seconds_bucket', `le="+Inf",${label}`), 1);
    assert.ok(text.includes(`vllm:request_success_total{finished_reason="length",${label}} 1.0`));
  });

  it('answers a wrong model with 404 in the OpenAI error format', async () => {
    for (const path of ['/v1/chat/completions', '/v1/completions', '/v1/embeddings']) {
      const { status, body } = await postJson(`${sim.url}${path}`, { model: 'gpt-4', messages: [{ role: 'user', content: 'x' }], prompt: 'x', input: 'x' });
      assert.equal(status, 404, path);
      assert.equal(assertOpenAiError(body, 404, 'NotFoundError'), 'The model `gpt-4` does not exist.');
    }
  });

  it('answers unknown paths and wrong methods with 404 and 405', async () => {
    assert.equal((await fetch(`${sim.url}/v1/nope`)).status, 404);
    assert.equal((await fetch(`${sim.url}/v1/chat/completions`)).status, 405);
    assert.equal((await fetch(`${sim.url}/health`, { method: 'POST' })).status, 405);
  });
});
