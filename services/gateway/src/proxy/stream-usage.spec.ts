// The gateway's stream path for OpenAI-shaped upstreams: the request asks for usage when the client did not, and
// the translator drops that usage-only chunk while metering it, whatever the chunk boundaries.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createOpenAiCompatibleAdapter, type StreamTranslator } from '../providers';

const adapter = createOpenAiCompatibleAdapter();
const target = { vendor: 'openai-compatible' as const, baseUrl: 'http://127.0.0.1:1/v1', upstreamModel: 'sim' };
const UPSTREAM =
  'data: {"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"role":"assistant","content":""}}]}\n\n' +
  'data: {"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"Hi"}}]}\n\n' +
  'data: {"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\n' +
  'data: {"id":"c1","object":"chat.completion.chunk","choices":[],"usage":{"prompt_tokens":5,"completion_tokens":1,"total_tokens":6}}\n\n' +
  'data: [DONE]\n\n';

function run(t: StreamTranslator, chunkSize: number): string {
  const bytes = Buffer.from(UPSTREAM);
  let out = '';
  for (let i = 0; i < bytes.length; i += chunkSize) out += t.push(bytes.subarray(i, i + chunkSize));
  return out + t.end();
}

describe('stream usage stripping', () => {
  it('adds include_usage upstream when the client did not ask, and strips the usage chunk at any split', () => {
    const req = adapter.buildRequest('chat', { model: 'route', messages: [{ role: 'user', content: 'x' }], stream: true }, target, { keyId: '', secret: '' }, { stream: true, requestId: 'r' });
    const sent = JSON.parse(req.body) as { stream_options?: { include_usage?: boolean }; model: string };
    assert.equal(sent.stream_options?.include_usage, true);
    assert.equal(sent.model, 'sim');
    assert.deepEqual(req.usagePlan, { includeUsageAdded: true, clientRequestedUsage: false });
    for (const size of [1, 3, 7, 64, 10_000]) {
      const t = adapter.createStreamTranslator('chat', { ...req.usagePlan, requestId: 'r' });
      const out = run(t, size);
      assert.doesNotMatch(out, /"usage"/, `split ${size}`);
      assert.match(out, /"content":"Hi"/);
      assert.match(out, /data: \[DONE\]\n\n$/);
      assert.deepEqual(t.usage(), { promptTokens: 5, cachedTokens: 0, completionTokens: 1 });
    }
  });

  it('forwards the usage chunk to a client that asked for it', () => {
    const req = adapter.buildRequest('chat', { model: 'route', messages: [{ role: 'user', content: 'x' }], stream: true, stream_options: { include_usage: true } }, target, { keyId: '', secret: '' }, { stream: true, requestId: 'r' });
    assert.deepEqual(req.usagePlan, { includeUsageAdded: false, clientRequestedUsage: true });
    const t = adapter.createStreamTranslator('chat', { ...req.usagePlan, requestId: 'r' });
    assert.match(run(t, 5), /"usage":\{"prompt_tokens":5/);
    assert.equal(t.usage()?.completionTokens, 1);
  });

  it('leaves stream_options alone for a target that rejects it', () => {
    const req = adapter.buildRequest('chat', { model: 'route', messages: [{ role: 'user', content: 'x' }], stream: true }, { ...target, injectStreamUsage: false }, { keyId: '', secret: '' }, { stream: true, requestId: 'r' });
    assert.equal((JSON.parse(req.body) as { stream_options?: unknown }).stream_options, undefined);
  });
});
