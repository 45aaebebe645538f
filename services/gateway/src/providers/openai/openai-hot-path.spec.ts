import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ProviderTarget } from '../provider-adapter';
import { createOpenAiCompatibleAdapter } from '../openai-compatible/openai-compatible.adapter';
import { extractOpenAiUsage } from './openai-usage.extractor';
import { isPlainChunk, OpenAiStreamTranslator } from './openai-stream.translator';

/** What a full parse would decide for a chunk: any usage, or any top-level error key. */
function parseSays(data: string): boolean {
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    return false;
  }
  const hasError = typeof json === 'object' && json !== null && 'error' in json;
  return extractOpenAiUsage(json) !== undefined || hasError;
}

describe('isPlainChunk (chunks the stream translator forwards without parsing)', () => {
  const chunk = (extra: string, content = 'hi') =>
    `{"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":${JSON.stringify(content)}}}]${extra}}`;

  it('skips only chunks that carry no usage and no error, whatever their content says', () => {
    const cases: string[] = [
      chunk(''),
      chunk(',"usage":null'),
      chunk(',"usage":{"prompt_tokens":3,"completion_tokens":4}'),
      chunk(',"usage": {"prompt_tokens":3}'),
      chunk(',"usage":null', '"usage":{"prompt_tokens":1}'),
      chunk(',"usage":{"prompt_tokens":5,"completion_tokens":1}', '"usage":null'),
      chunk(',"error":{"message":"boom"}'),
      chunk('', 'an "error" in the text'),
      chunk('', '"error'),
      '{"\\u0075sage":{"prompt_tokens":9,"completion_tokens":9},"choices":[]}',
      '{"\\u0065rror":{"message":"x"}}',
      '{"choices":[],"usage":null,"nested":{"usage":{"prompt_tokens":1}}}',
      '{"choices":[],"usage":{"prompt_tokens":1},"nested":{"usage":null}}',
      'not json',
    ];
    for (const data of cases) {
      if (isPlainChunk(data)) assert.equal(parseSays(data), false, `skipped a chunk with usage or error: ${data}`);
    }
    assert.equal(isPlainChunk(chunk('')), true);
    assert.equal(isPlainChunk(chunk(',"usage":null')), true);
    assert.equal(isPlainChunk(chunk(',"usage":null', 'text with "quotes" and\nlines')), true);
  });

  it('meters a vLLM-style stream (usage:null in every chunk) the same as before', () => {
    const events = [chunk(',"usage":null'), chunk(',"usage":null', ' more'), '{"id":"c1","choices":[],"usage":{"prompt_tokens":5,"completion_tokens":2}}'];
    const sse = events.map((e) => `data: ${e}\n\n`).join('') + 'data: [DONE]\n\n';
    const t = new OpenAiStreamTranslator({ includeUsageAdded: true });
    const out = t.push(sse) + t.end();
    assert.deepEqual(t.usage(), { promptTokens: 5, cachedTokens: 0, completionTokens: 2 });
    assert.ok(!out.includes('"choices":[]'), 'the injected usage chunk is dropped');
    assert.ok(out.includes(' more') && out.endsWith('data: [DONE]\n\n'));
  });
});

describe('OpenAI-shaped request bodies: the client text passes through when nothing changes', () => {
  const adapter = createOpenAiCompatibleAdapter();
  const target: ProviderTarget = { vendor: 'openai-compatible', baseUrl: 'http://127.0.0.1:9/v1', upstreamModel: 'm' };
  const cred = { keyId: 'none', secret: '' };
  const build = (raw: string, stream: boolean, t: ProviderTarget = target) =>
    adapter.buildRequest('chat', JSON.parse(raw) as Record<string, unknown>, t, cred, { stream, requestId: 'r', rawBody: raw });

  it('sends the exact client bytes when the model is the upstream model and no stream field changes', () => {
    const raw = '{ "model": "m", "messages": [{"role":"user","content":"hi"}], "seed": 12345678901234567890 }';
    assert.equal(build(raw, false).body, raw);
    const asked = '{"model":"m","messages":[{"role":"user","content":"hi"}],"stream":true,"stream_options":{"include_usage":true}}';
    assert.equal(build(asked, true).body, asked);
  });

  it('re-serialises when the body must change or could be read two ways', () => {
    const msgs = '"messages":[{"role":"user","content":"hi"}]';
    const renamed = build(`{"model":"route-name",${msgs}}`, false);
    assert.equal((JSON.parse(renamed.body) as { model: string }).model, 'm');
    const streamFalse = build(`{"model":"m",${msgs},"stream":false}`, false);
    assert.equal((JSON.parse(streamFalse.body) as { stream?: boolean }).stream, undefined);
    const streamRaw = `{"model":"m",${msgs},"stream":true} \n`;
    const spliced = build(streamRaw, true).body;
    assert.equal(spliced, `{"model":"m",${msgs},"stream":true,"stream_options":{"include_usage":true}}`);
    assert.deepEqual(JSON.parse(spliced), { ...(JSON.parse(streamRaw) as object), stream_options: { include_usage: true } });
    const withOptions = JSON.parse(build(`{"model":"m",${msgs},"stream":true,"stream_options":{"x":1}}`, true).body) as { stream_options?: unknown };
    assert.deepEqual(withOptions.stream_options, { x: 1, include_usage: true });
    const duplicated = `{"model":"other","model":"m",${msgs}}`;
    assert.notEqual(build(duplicated, false).body, duplicated);
    assert.equal((JSON.parse(build(duplicated, false).body) as { model: string }).model, 'm');
    const noInject = `{"model":"m",${msgs},"stream":true}`;
    assert.equal(build(noInject, true, { ...target, injectStreamUsage: false }).body, noInject);
  });

  it('re-serialises when no raw text is given', () => {
    const body = { model: 'm', messages: [{ role: 'user', content: 'hi' }] };
    assert.equal(adapter.buildRequest('chat', body, target, cred, { stream: false, requestId: 'r' }).body, JSON.stringify(body));
  });
});
