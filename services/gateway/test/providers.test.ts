import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import OpenAI from 'openai';
import { providerTarget } from './support/registry-world';
import { startHarness, type Harness } from './support/gateway-harness';
import { startRecordedVendor, type RecordedVendor } from './support/recorded-vendor.server';

const fixture = (vendor: string, name: string) => readFileSync(join(__dirname, '..', 'src', 'providers', vendor, 'fixtures', name), 'utf8');

describe('gateway: provider models behind routes (Anthropic translation, key failover)', () => {
  let h: Harness;
  let anthropic: RecordedVendor;
  let flaky: RecordedVendor;
  let client: OpenAI;

  before(async () => {
    anthropic = await startRecordedVendor((call) =>
      call.body.stream === true
        ? { status: 200, contentType: 'text/event-stream', body: fixture('anthropic', 'anthropic-text-stream.sse') }
        : { status: 200, contentType: 'application/json', body: fixture('anthropic', 'anthropic-text.json') },
    );
    // An OpenAI-shaped vendor that refuses one of its two keys.
    flaky = await startRecordedVendor((call) =>
      call.headers.authorization === 'Bearer sk-bad-key'
        ? { status: 401, contentType: 'application/json', body: fixture('openai', 'openai-invalid-api-key-error.json') }
        : { status: 200, contentType: 'application/json', body: fixture('openai', 'openai-chat-completion.json') },
    );
    let key = '';
    h = await startHarness((w) => {
      key = w.addKey('k');
      w.addProvider(
        {
          id: 'p_anth',
          name: 'anthropic-main',
          vendor: 'anthropic',
          baseUrl: `${anthropic.url}/v1`,
          keys: [{ id: 'ak', description: '', weight: 1, maskedSecret: 'sk-ant-…', enabled: true }],
          models: [{ id: 'pm_claude', name: 'claude', upstreamName: 'claude-sonnet-4-5' }],
        },
        [{ id: 'ak', secret: 'sk-ant-secret-value', weight: 1, enabled: true }],
      );
      w.addProvider(
        {
          id: 'p_flaky',
          name: 'flaky-openai',
          vendor: 'openai',
          baseUrl: `${flaky.url}/v1`,
          keys: [
            { id: 'bad', description: '', weight: 1, maskedSecret: 'sk-…', enabled: true },
            { id: 'good', description: '', weight: 1, maskedSecret: 'sk-…', enabled: true },
          ],
          models: [{ id: 'pm_gpt', name: 'gpt', upstreamName: 'gpt-4o-mini' }],
        },
        [
          { id: 'bad', secret: 'sk-bad-key', weight: 1, enabled: true },
          { id: 'good', secret: 'sk-good-key', weight: 1, enabled: true },
        ],
      );
      w.addRoute('r_claude', 'claude', [providerTarget('p_anth', 'pm_claude')]);
      w.addRoute('r_gpt', 'gpt', [providerTarget('p_flaky', 'pm_gpt')]);
    });
    client = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: key, maxRetries: 0 });
  });

  after(async () => {
    await h?.close();
    await anthropic?.close();
    await flaky?.close();
  });

  it('translates a chat completion to Anthropic Messages and back, with the key in x-api-key only', async () => {
    const res = await client.chat.completions.create({ model: 'claude', messages: [{ role: 'user', content: 'Say hello' }], max_tokens: 20 });
    assert.equal(res.choices[0].message.content, 'Hello!');
    assert.equal(res.usage?.prompt_tokens, 10);
    const call = anthropic.calls.at(-1);
    assert.equal(call?.path, '/v1/messages');
    assert.equal(call?.headers['x-api-key'], 'sk-ant-secret-value');
    assert.equal(call?.headers.authorization, undefined);
    assert.equal(call?.body.model, 'claude-sonnet-4-5');
    const rec = h.usage.records.at(-1);
    assert.equal(rec?.providerId, 'p_anth');
    assert.equal(rec?.promptTokens, 10);
    assert.equal(rec?.completionTokens, 5);
  });

  it('streams an Anthropic answer as OpenAI chunks', async () => {
    const stream = await client.chat.completions.create({ model: 'claude', messages: [{ role: 'user', content: 'Say hello' }], max_tokens: 20, stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    assert.ok(text.startsWith('Hello'), text);
    const rec = h.usage.records.at(-1);
    assert.equal(rec?.stream, true);
    assert.equal(rec?.estimated, false);
    assert.ok((rec?.promptTokens ?? 0) > 0);
  });

  it('moves to another key when the provider refuses one, and cools the refused key down', async () => {
    for (let i = 0; i < 6; i++) {
      const res = await client.chat.completions.create({ model: 'gpt', messages: [{ role: 'user', content: 'x' }] });
      assert.ok(res.choices[0].message.content);
    }
    const refused = flaky.calls.filter((c) => c.headers.authorization === 'Bearer sk-bad-key').length;
    assert.ok(refused <= 1, `the bad key was tried ${refused} times`);
    assert.ok(h.usage.records.slice(-6).every((r) => r.providerKeyId === 'good' && r.outcome === 'ok'));
  });
});
