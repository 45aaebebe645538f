import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UpstreamProtocolError } from '../provider.errors';
import { readJsonFixture } from '../shared/stream-replay.testing';
import { anthropicMessagesToOpenAiChat, anthropicUsage, mapAnthropicStopReason } from './anthropic-messages-to-openai-chat';

const now = () => 1_700_000_000;

describe('anthropicMessagesToOpenAiChat', () => {
  it('translates a recorded text answer', () => {
    assert.deepEqual(anthropicMessagesToOpenAiChat(readJsonFixture(__dirname, 'anthropic-text.json'), { now }), {
      id: 'msg_01TestTextResponse',
      object: 'chat.completion',
      created: 1_700_000_000,
      model: 'claude-opus-4-7',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Hello!', refusal: null }, logprobs: null, finish_reason: 'stop' }],
      usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15, prompt_tokens_details: { cached_tokens: 0 } },
    });
  });

  it('translates a recorded tool_use answer into tool_calls with null content', () => {
    const fixture = readJsonFixture(__dirname, 'anthropic-tool-use.json') as { content: Array<{ input: unknown }> };
    const out = anthropicMessagesToOpenAiChat(fixture, { now }) as { choices: Array<{ message: Record<string, unknown>; finish_reason: string }> };
    const choice = out.choices[0];
    assert.equal(choice.finish_reason, 'tool_calls');
    assert.equal(choice.message.content, null);
    const calls = choice.message.tool_calls as Array<{ id: string; type: string; function: { name: string; arguments: string } }>;
    assert.equal(calls.length, 1);
    assert.equal(calls[0].id, 'toolu_01Q9ExVZnzZj7E2QQYHYtNUa');
    assert.equal(calls[0].type, 'function');
    assert.equal(calls[0].function.name, 'json');
    assert.deepEqual(JSON.parse(calls[0].function.arguments), fixture.content[0].input);
  });

  it('counts cache reads and writes as prompt tokens and reports cache reads as cached', () => {
    const out = anthropicMessagesToOpenAiChat(readJsonFixture(__dirname, 'anthropic-cache-read.json'), { now }) as Record<string, unknown>;
    assert.deepEqual(out.usage, {
      prompt_tokens: 6 + 16410 + 8837,
      completion_tokens: 136,
      total_tokens: 6 + 16410 + 8837 + 136,
      prompt_tokens_details: { cached_tokens: 16410 },
    });
    const message = (out.choices as Array<{ message: Record<string, unknown> }>)[0].message;
    assert.equal(message.content, 'Let me look at that file.');
    assert.equal((message.tool_calls as unknown[]).length, 1);
  });

  it('maps every stop_reason to a finish_reason', () => {
    const cases: Array<[unknown, string]> = [
      ['end_turn', 'stop'],
      ['stop_sequence', 'stop'],
      ['max_tokens', 'length'],
      ['model_context_window_exceeded', 'length'],
      ['tool_use', 'tool_calls'],
      ['refusal', 'content_filter'],
      ['pause_turn', 'stop'],
      [null, 'stop'],
      ['something_new', 'stop'],
    ];
    for (const [reason, finish] of cases) assert.equal(mapAnthropicStopReason(reason), finish, String(reason));
  });

  it('joins several text blocks and ignores thinking blocks', () => {
    const out = anthropicMessagesToOpenAiChat(
      { id: 'm', model: 'c', content: [{ type: 'thinking', thinking: 'hmm', signature: 's' }, { type: 'text', text: 'a' }, { type: 'text', text: 'b' }], stop_reason: 'end_turn', usage: { input_tokens: 1, output_tokens: 2 } },
      { now },
    ) as { choices: Array<{ message: Record<string, unknown> }> };
    assert.equal(out.choices[0].message.content, 'ab');
    assert.equal(out.choices[0].message.tool_calls, undefined);
  });

  it('throws UpstreamProtocolError (not TypeError) for malformed answers', () => {
    for (const bad of [null, 'text', 42, [], {}, { content: 'x' }, { content: [{ type: 'tool_use', name: 'f' }] }]) {
      assert.throws(() => anthropicMessagesToOpenAiChat(bad), (e: unknown) => e instanceof UpstreamProtocolError && e.status === 502, JSON.stringify(bad));
    }
  });

  it('anthropicUsage needs at least one count', () => {
    assert.equal(anthropicUsage(undefined), undefined);
    assert.equal(anthropicUsage({ service_tier: 'standard' }), undefined);
    assert.deepEqual(anthropicUsage({ output_tokens: 3 }), { promptTokens: 0, cachedTokens: 0, completionTokens: 3, cacheCreationTokens: 0 });
  });
});
