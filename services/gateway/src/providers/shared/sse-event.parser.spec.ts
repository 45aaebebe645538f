import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SseEventParser, type SseEvent } from './sse-event.parser';
import { byteLength, splitBytes } from './stream-replay.testing';

function parseAll(pieces: ReadonlyArray<string | Uint8Array>): SseEvent[] {
  const parser = new SseEventParser();
  const events: SseEvent[] = [];
  for (const piece of pieces) events.push(...parser.push(piece));
  events.push(...parser.end());
  return events;
}

const summary = (events: SseEvent[]) => events.map((e) => ({ event: e.event, data: e.data, id: e.id, comments: e.comments }));

const MIXED =
  '\uFEFF: hello comment\n\n' +
  'event: message_start\r\ndata: {"type":"message_start"}\r\n\r\n' +
  'data: line one\ndata: line two\n\n' +
  'data:no-space\rid: 7\r\r' +
  'event: ping\ndata: {"type": "ping", "text": "日本語 ✓ 🚀 é"}\n\n' +
  'retry: 100\nunknown-field\ndata\n\n' +
  'data: [DONE]\n\n';

describe('SseEventParser', () => {
  it('parses LF, CRLF and CR line ends, multi-line data, comments, event and id fields, a BOM', () => {
    assert.deepEqual(summary(parseAll([MIXED])), [
      { event: undefined, data: undefined, id: undefined, comments: ['hello comment'] },
      { event: 'message_start', data: '{"type":"message_start"}', id: undefined, comments: [] },
      { event: undefined, data: 'line one\nline two', id: undefined, comments: [] },
      { event: undefined, data: 'no-space', id: '7', comments: [] },
      { event: 'ping', data: '{"type": "ping", "text": "日本語 ✓ 🚀 é"}', id: undefined, comments: [] },
      { event: undefined, data: '', id: undefined, comments: [] },
      { event: undefined, data: '[DONE]', id: undefined, comments: [] },
    ]);
  });

  it('keeps the raw text of every event so that their concatenation is the input', () => {
    assert.equal(parseAll([MIXED]).map((e) => e.raw).join(''), MIXED);
  });

  it('gives the same events and raw text for every byte boundary, one byte at a time, and inside UTF-8 sequences', () => {
    const expected = parseAll([MIXED]);
    const length = byteLength(MIXED);
    for (let cut = 1; cut < length; cut++) {
      assert.deepEqual(parseAll(splitBytes(MIXED, [cut])), expected, `cut at byte ${cut}`);
    }
    const bytewise = splitBytes(MIXED, Array.from({ length: length - 1 }, (_, i) => i + 1));
    assert.deepEqual(parseAll(bytewise), expected);
  });

  it('gives the same events when split as strings at every character (a CR waits for its LF)', () => {
    const expected = parseAll([MIXED]);
    for (let cut = 1; cut < MIXED.length; cut++) {
      assert.deepEqual(parseAll([MIXED.slice(0, cut), MIXED.slice(cut)]), expected, `cut at char ${cut}`);
    }
  });

  it('treats a CR at the end of a chunk followed by LF as one line break, not two', () => {
    const events = parseAll(['data: a\r', '\n\r', '\ndata: b\r\n\r\n']);
    assert.deepEqual(summary(events).map((e) => e.data), ['a', 'b']);
  });

  it('dispatches an unterminated last event at end()', () => {
    const parser = new SseEventParser();
    assert.deepEqual(parser.push('data: {"a":1}\n\ndata: {"b":2}'), [
      { comments: [], data: '{"a":1}', raw: 'data: {"a":1}\n\n' },
    ]);
    assert.deepEqual(parser.end(), [{ comments: [], data: '{"b":2}', raw: 'data: {"b":2}' }]);
  });

  it('returns nothing at end() after a clean stream and nothing for an empty stream', () => {
    const parser = new SseEventParser();
    parser.push('data: x\n\n');
    assert.deepEqual(parser.end(), []);
    assert.deepEqual(new SseEventParser().end(), []);
  });
  it('decodes bytes as TextDecoder does, invalid and truncated UTF-8 included, however the bytes are split', () => {
    const pieces = [
      Buffer.from('data: ok é 日本 🚀\n\n'),
      Buffer.from([0x64, 0x61, 0x74, 0x61, 0x3a, 0x20, 0xff, 0xc3, 0x28, 0xe2, 0x82, 0x0a, 0x0a]), // invalid bytes, cut sequence
      Buffer.from([0x64, 0x61, 0x74, 0x61, 0x3a, 0x20, 0xed, 0xa0, 0x80, 0xf0, 0x9f, 0x98, 0x0a, 0x0a]), // surrogate half, short 4-byte
      Buffer.from([0x64, 0x61, 0x74, 0x61, 0x3a, 0x20, 0xf0, 0x9f]), // truncated at the very end
    ];
    const all = Buffer.concat(pieces);
    const reference = new TextDecoder('utf-8', { ignoreBOM: true }).decode(all);
    const expected = summary(parseAll([reference]));
    for (let cut = 1; cut < all.length; cut++) {
      assert.deepEqual(summary(parseAll([all.subarray(0, cut), all.subarray(cut)])), expected, `cut at byte ${cut}`);
    }
    assert.deepEqual(summary(parseAll(Array.from(all, (b) => Uint8Array.of(b)))), expected);
    assert.ok(expected.some((e) => e.data?.includes('\uFFFD')));
  });
});
