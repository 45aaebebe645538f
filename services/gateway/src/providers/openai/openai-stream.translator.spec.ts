import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chunkings, randomCuts, readFixture, replay, splitBytes } from '../shared/stream-replay.testing';
import { isUsageOnlyChunk, OpenAiStreamTranslator } from './openai-stream.translator';

const FIXTURE = readFixture(__dirname, 'openai-chat-stream-include-usage.sse');
const USAGE_EVENT = FIXTURE.split('\n\n').find((block) => block.includes('"choices":[]'))! + '\n\n';

describe('isUsageOnlyChunk', () => {
  it('recognises the include_usage chunk in its variants and nothing else', () => {
    const cases: Array<[unknown, boolean]> = [
      [{ choices: [], usage: { prompt_tokens: 1, completion_tokens: 2 } }, true],
      [{ choices: null, usage: { prompt_tokens: 1 } }, true],
      [{ usage: { prompt_tokens: 1 } }, true],
      [{ choices: [], usage: null }, false],
      [{ choices: [], prompt_filter_results: [{ prompt_index: 0 }] }, false],
      [{ choices: [{ index: 0, delta: { content: 'x' } }], usage: { prompt_tokens: 1 } }, false],
      [[], false],
      ['[DONE]', false],
      [null, false],
    ];
    for (const [json, expected] of cases) assert.equal(isUsageOnlyChunk(json), expected, JSON.stringify(json));
  });
});

describe('OpenAiStreamTranslator on a recorded OpenAI stream', () => {
  it('drops only the usage chunk we asked for and captures its usage, for every chunking', () => {
    const expected = FIXTURE.replace(USAGE_EVENT, '');
    assert.notEqual(expected, FIXTURE);
    for (const { name, pieces } of chunkings(FIXTURE)) {
      const translator = new OpenAiStreamTranslator({ includeUsageAdded: true });
      assert.equal(replay(translator, pieces), expected, name);
      assert.deepEqual(translator.usage(), { promptTokens: 16, cachedTokens: 0, completionTokens: 300 }, name);
    }
  });

  it('forwards the stream byte for byte when the client asked for usage itself', () => {
    const translator = new OpenAiStreamTranslator({ includeUsageAdded: false });
    assert.equal(replay(translator, [FIXTURE]), FIXTURE);
    assert.deepEqual(translator.usage(), { promptTokens: 16, cachedTokens: 0, completionTokens: 300 });
  });

  it('handles CRLF framing the same way', () => {
    const crlf = FIXTURE.replace(/\n/g, '\r\n');
    const translator = new OpenAiStreamTranslator({ includeUsageAdded: true });
    assert.equal(replay(translator, [crlf.slice(0, 777), crlf.slice(777)]), crlf.replace(USAGE_EVENT.replace(/\n/g, '\r\n'), ''));
    assert.equal(translator.usage()?.completionTokens, 300);
  });

  it('forwards comments, malformed data and unknown events untouched, without throwing', () => {
    const input = ': keep-alive\n\ndata: {not json\n\nevent: weird\ndata: 42\n\ndata: [DONE]\n\n';
    const translator = new OpenAiStreamTranslator({ includeUsageAdded: true });
    assert.equal(replay(translator, [input]), input);
    assert.equal(translator.usage(), undefined);
    assert.equal(translator.error(), undefined);
  });

  it('captures usage from an unterminated last event at end()', () => {
    const translator = new OpenAiStreamTranslator({ includeUsageAdded: false });
    const tail = 'data: {"choices":[],"usage":{"prompt_tokens":3,"completion_tokens":4}}';
    assert.equal(replay(translator, [tail]), tail);
    assert.deepEqual(translator.usage(), { promptTokens: 3, cachedTokens: 0, completionTokens: 4 });
  });

  it('records an error the upstream sends mid-stream, redacted, and still forwards it', () => {
    const input = 'data: {"error":{"message":"bad key sk-live-abcdef123456","type":"server_error","code":"boom"}}\n\n';
    const translator = new OpenAiStreamTranslator({ includeUsageAdded: true });
    assert.equal(replay(translator, [input]), input);
    assert.equal(translator.error()?.code, 'boom');
    assert.ok(!translator.error()?.message.includes('abcdef123456'));
  });
});

describe('OpenAiStreamTranslator fast path (whole plain blocks forwarded without event objects)', () => {
  const usageNull = (i: number) => `data: {"id":"c","choices":[{"index":0,"delta":{"content":"t${i} é"}}],"usage":null}\n\n`;
  const blocks = [
    ...Array.from({ length: 5 }, (_, i) => usageNull(i)),
    ': keep-alive\n\n',
    'data: {"choices":[{"delta":{"content":"\\u0075sage"}}]}\n\n',
    'data: {"choices":[],"usage":{"prompt_tokens":3,"completion_tokens":5}}\n\n',
    'data: {"choices":[],"usage": {"prompt_tokens":1}}\n\n',
    'event: x\ndata: {"a":1}\ndata: {"b":2}\nid: 9\n\n\n',
    'data: {"choices":[{"delta":{"content":"x"}}],"usage":null}\r\n\r\n',
    'data: {"error":{"message":"late","code":"boom"}}\n\n',
    'data: [DONE]\n\n',
  ];

  it('emits what the event-by-event path emits, same usage and error, for mixed streams and random byte chunkings', () => {
    for (let seed = 1; seed <= 60; seed++) {
      // A pseudo-random selection and order of blocks, sometimes with a BOM first.
      const order = randomCuts(10_000, 12, seed).map((n) => blocks[n % blocks.length]);
      const text = (seed % 7 === 0 ? '\uFEFF' : '') + order.join('');
      for (const includeUsageAdded of [true, false]) {
        const reference = new OpenAiStreamTranslator({ includeUsageAdded });
        // One character at a time never takes the fast path.
        const expected = replay(reference, Array.from(text));
        const fast = new OpenAiStreamTranslator({ includeUsageAdded });
        const pieces = splitBytes(text, randomCuts(Buffer.byteLength(text), seed % 5, seed));
        assert.equal(replay(fast, pieces), expected, `seed ${seed}`);
        assert.deepEqual(fast.usage(), reference.usage(), `seed ${seed}`);
        assert.deepEqual(fast.error(), reference.error(), `seed ${seed}`);
      }
    }
  });

  it('stops the fast path at the first block that needs parsing and drops the injected usage chunk', () => {
    const stream = usageNull(1) + usageNull(2) + blocks[7] + 'data: [DONE]\n\n';
    const translator = new OpenAiStreamTranslator({ includeUsageAdded: true });
    assert.equal(replay(translator, [stream]), usageNull(1) + usageNull(2) + 'data: [DONE]\n\n');
    assert.deepEqual(translator.usage(), { promptTokens: 3, cachedTokens: 0, completionTokens: 5 });
  });
});
