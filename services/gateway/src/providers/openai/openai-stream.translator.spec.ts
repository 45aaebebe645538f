import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chunkings, readFixture, replay } from '../shared/stream-replay.testing';
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
