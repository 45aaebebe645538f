import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StreamContext } from '../provider-adapter';
import { chunkings, dataPayloads, readFixture, replay } from '../shared/stream-replay.testing';
import { AnthropicStreamTranslator } from './anthropic-stream-to-openai-chunks';
import { openAiChatToAnthropicMessages } from './openai-chat-to-anthropic-messages';

const ctx = (clientRequestedUsage = false): StreamContext => ({ requestId: 'r', includeUsageAdded: false, clientRequestedUsage, now: () => 1_700_000_000 });
const TEXT = readFixture(__dirname, 'anthropic-text-stream.sse');
const TOOL = readFixture(__dirname, 'anthropic-tool-stream.sse');
const OVERLOADED = readFixture(__dirname, 'anthropic-overloaded-stream.sse');

interface Chunk {
  id: string;
  object: string;
  created: number;
  model: string;
  choices: Array<{ index: number; delta: Record<string, unknown>; finish_reason: string | null }>;
  usage?: unknown;
}

function translate(input: string, context = ctx()) {
  const translator = new AnthropicStreamTranslator(context);
  const out = replay(translator, [input]);
  return { translator, out, payloads: dataPayloads(out) };
}

const chunksOf = (payloads: unknown[]) => payloads.filter((p): p is Chunk => typeof p === 'object' && p !== null && 'choices' in p);
const text = (payloads: unknown[]) => chunksOf(payloads).map((c) => c.choices[0]?.delta.content ?? '').join('');

describe('AnthropicStreamTranslator on a recorded text stream', () => {
  it('emits OpenAI chunks: role first, the text, finish_reason stop, then [DONE]', () => {
    const { payloads, translator } = translate(TEXT);
    const chunks = chunksOf(payloads);
    assert.deepEqual(chunks[0], {
      id: 'msg_01QC4g3HwBThD4BaNtBckFDJ',
      object: 'chat.completion.chunk',
      created: 1_700_000_000,
      model: 'claude-sonnet-4-5-20250929',
      choices: [{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }],
    });
    assert.equal(text(payloads), "Hello! I'm doing well, thank you for asking. How are you doing today? Is there anything I can help you with?");
    assert.equal(chunks[chunks.length - 1].choices[0].finish_reason, 'stop');
    assert.deepEqual(chunks[chunks.length - 1].choices[0].delta, {});
    assert.equal(payloads[payloads.length - 1], '[DONE]');
    assert.ok(chunks.every((c) => !('usage' in c)), 'no usage fields when the client did not ask');
    assert.deepEqual(translator.usage(), { promptTokens: 12, cachedTokens: 0, completionTokens: 30, cacheCreationTokens: 0 });
    assert.equal(translator.error(), undefined);
  });

  it('adds the final usage chunk (and usage:null elsewhere) only when the client asked for include_usage', () => {
    const { payloads } = translate(TEXT, ctx(true));
    const chunks = chunksOf(payloads);
    const last = chunks[chunks.length - 1];
    assert.deepEqual(last.choices, []);
    assert.deepEqual(last.usage, { prompt_tokens: 12, completion_tokens: 30, total_tokens: 42, prompt_tokens_details: { cached_tokens: 0 } });
    assert.ok(chunks.slice(0, -1).every((c) => c.usage === null));
    assert.equal(payloads[payloads.length - 1], '[DONE]');
  });

  it('produces identical output for every chunking of the stream', () => {
    const expected = translate(TEXT, ctx(true)).out;
    for (const { name, pieces } of chunkings(TEXT)) {
      assert.equal(replay(new AnthropicStreamTranslator(ctx(true)), pieces), expected, name);
    }
    const crlf = TEXT.replace(/\n/g, '\r\n');
    for (const { name, pieces } of chunkings(crlf).filter((_, i) => i % 3 === 0)) {
      assert.equal(replay(new AnthropicStreamTranslator(ctx(true)), pieces), expected, `CRLF ${name}`);
    }
  });
});

describe('AnthropicStreamTranslator on a recorded tool-use stream', () => {
  it('streams the tool call as OpenAI tool_calls deltas and finishes with tool_calls', () => {
    const { payloads, translator } = translate(TOOL);
    const chunks = chunksOf(payloads);
    const toolDeltas = chunks.flatMap((c) => (c.choices[0]?.delta.tool_calls as Array<Record<string, unknown>> | undefined) ?? []);
    assert.deepEqual(toolDeltas[0], { index: 0, id: 'toolu_01KFbKqPYSuAKujiL6mTfzYA', type: 'function', function: { name: 'json', arguments: '' } });
    const args = toolDeltas.map((d) => (d.function as { arguments?: string }).arguments ?? '').join('');
    assert.deepEqual(JSON.parse(args), { elements: [{ location: 'San Francisco', temperature: 58, condition: 'sunny' }] });
    assert.ok(toolDeltas.every((d) => d.index === 0));
    assert.equal(chunks[chunks.length - 1].choices[0].finish_reason, 'tool_calls');
    assert.equal(translator.usage()?.completionTokens, 47);
    assert.equal(translator.usage()?.promptTokens, 849);
  });

  it('round-trips: the reassembled tool call converts back to the same tool_use block', () => {
    const { payloads } = translate(TOOL);
    const deltas = chunksOf(payloads).flatMap((c) => (c.choices[0]?.delta.tool_calls as Array<{ id?: string; function: { name?: string; arguments?: string } }> | undefined) ?? []);
    const call = { id: deltas[0].id, type: 'function', function: { name: deltas[0].function.name, arguments: deltas.map((d) => d.function.arguments ?? '').join('') } };
    const request = openAiChatToAnthropicMessages(
      { messages: [{ role: 'user', content: 'weather?' }, { role: 'assistant', content: null, tool_calls: [call] }, { role: 'tool', tool_call_id: call.id, content: 'ok' }] },
      'claude',
      { stream: false },
    );
    assert.deepEqual(request.messages[1].content, [
      { type: 'tool_use', id: 'toolu_01KFbKqPYSuAKujiL6mTfzYA', name: 'json', input: { elements: [{ location: 'San Francisco', temperature: 58, condition: 'sunny' }] } },
    ]);
    assert.deepEqual(request.messages[2].content, [{ type: 'tool_result', tool_use_id: 'toolu_01KFbKqPYSuAKujiL6mTfzYA', content: 'ok' }]);
  });

  it('numbers several tool calls after a text block 0, 1, ...', () => {
    const events = [
      { type: 'message_start', message: { id: 'm', model: 'c', usage: { input_tokens: 5, output_tokens: 1 } } },
      { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Checking both.' } },
      { type: 'content_block_stop', index: 0 },
      { type: 'content_block_start', index: 1, content_block: { type: 'tool_use', id: 't1', name: 'a', input: {} } },
      { type: 'content_block_start', index: 2, content_block: { type: 'tool_use', id: 't2', name: 'b', input: {} } },
      { type: 'content_block_delta', index: 2, delta: { type: 'input_json_delta', partial_json: '{"y":2}' } },
      { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '{"x":1}' } },
      { type: 'content_block_delta', index: 9, delta: { type: 'input_json_delta', partial_json: 'orphan' } },
      { type: 'message_delta', delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 20 } },
      { type: 'message_stop' },
    ];
    const sse = events.map((e) => `event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`).join('');
    const deltas = chunksOf(translate(sse).payloads).flatMap((c) => (c.choices[0]?.delta.tool_calls as Array<{ index: number; function: { arguments: string } }> | undefined) ?? []);
    assert.deepEqual(deltas.map((d) => [d.index, d.function.arguments]), [[0, ''], [1, ''], [1, '{"y":2}'], [0, '{"x":1}']]);
  });
});

describe('AnthropicStreamTranslator: finish reasons, usage, failures', () => {
  const stream = (stopReason: string, usage: Record<string, number> = { output_tokens: 3 }) =>
    [
      { type: 'message_start', message: { id: 'm', model: 'c', usage: { input_tokens: 50, cache_read_input_tokens: 100000, cache_creation_input_tokens: 20, output_tokens: 1 } } },
      { type: 'message_delta', delta: { stop_reason: stopReason, stop_sequence: null }, usage },
      { type: 'message_stop' },
    ]
      .map((e) => `event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`)
      .join('');

  it('maps every stop_reason', () => {
    const cases: Array<[string, string]> = [['end_turn', 'stop'], ['stop_sequence', 'stop'], ['max_tokens', 'length'], ['tool_use', 'tool_calls'], ['refusal', 'content_filter']];
    for (const [reason, finish] of cases) {
      const chunks = chunksOf(translate(stream(reason)).payloads);
      assert.equal(chunks[chunks.length - 1].choices[0].finish_reason, finish, reason);
    }
  });

  it('counts cache reads and writes from message_start in the prompt, reads as cached', () => {
    const { translator, payloads } = translate(stream('end_turn'), ctx(true));
    assert.deepEqual(translator.usage(), { promptTokens: 100070, cachedTokens: 100000, completionTokens: 3, cacheCreationTokens: 20 });
    const usageChunk = chunksOf(payloads).find((c) => c.choices.length === 0);
    assert.deepEqual(usageChunk?.usage, { prompt_tokens: 100070, completion_tokens: 3, total_tokens: 100073, prompt_tokens_details: { cached_tokens: 100000 } });
  });

  it('turns an Anthropic error event into an OpenAI error event and stops', () => {
    const { translator, out, payloads } = translate(OVERLOADED);
    assert.equal(text(payloads), 'Hello');
    assert.deepEqual(payloads[payloads.length - 1], { error: { message: 'Overloaded', type: 'overloaded_error', code: 'overloaded_error', param: null } });
    assert.ok(!out.includes('[DONE]'));
    assert.deepEqual(translator.error(), { status: 503, type: 'overloaded_error', code: 'overloaded_error', message: 'Overloaded', retryable: true });
    assert.equal(translator.push('event: ping\ndata: {"type":"ping"}\n\n'), '');
    assert.equal(translator.end(), '');
  });

  it('reports a stream cut before the answer finished', () => {
    const cut = TEXT.slice(0, TEXT.indexOf('event: message_delta'));
    const { translator, payloads } = translate(cut);
    assert.equal(translator.error()?.code, 'upstream_stream_truncated');
    assert.ok(!payloads.includes('[DONE]'));
    assert.equal(translator.usage()?.promptTokens, 12, 'input usage is still known');
  });

  it('finishes cleanly when only message_stop was lost', () => {
    const { translator, payloads } = translate(TEXT.slice(0, TEXT.indexOf('event: message_stop')));
    assert.equal(translator.error(), undefined);
    assert.equal(payloads[payloads.length - 1], '[DONE]');
  });

  it('reports malformed data as a protocol error instead of throwing', () => {
    for (const bad of ['event: message_start\ndata: {"type":"message_start","message":\n\n', 'data: [1,2]\n\n', 'data: "str"\n\n']) {
      const { translator, payloads } = translate(bad);
      assert.equal(translator.error()?.code, 'upstream_protocol_error', bad);
      assert.deepEqual(Object.keys(payloads[payloads.length - 1] as object), ['error']);
    }
  });

  it('tolerates unknown events, unknown deltas, a duplicate message_start and events with no data', () => {
    const events = [
      ': comment\n\n',
      'event: message_start\ndata: {"type":"message_start","message":{"id":"m","model":"c","usage":{"input_tokens":1,"output_tokens":1}}}\n\n',
      'event: message_start\ndata: {"type":"message_start","message":{"id":"m","model":"c","usage":{"input_tokens":1,"output_tokens":1}}}\n\n',
      'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"hmm"}}\n\n',
      'event: future_event\ndata: {"type":"future_event"}\n\n',
      'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":2}}\n\n',
      'event: message_stop\ndata: {"type":"message_stop"}\n\n',
    ].join('');
    const { translator, payloads } = translate(events);
    assert.equal(translator.error(), undefined);
    assert.equal(chunksOf(payloads).length, 2, 'one role chunk, one finish chunk');
    assert.equal(payloads[payloads.length - 1], '[DONE]');
  });
});
