import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeFrames, encodeFrames, groupForFrames, MAX_RECORDS_PER_MESSAGE } from './usage-frames';

describe('usage frames', () => {
  it('round-trips records, including empty ones, in order', () => {
    const records = [new Uint8Array([1, 2, 3]), new Uint8Array([]), new Uint8Array(300).fill(7)];
    assert.deepEqual(decodeFrames(encodeFrames(records)).map((r) => [...r]), records.map((r) => [...r]));
    assert.deepEqual(decodeFrames(new Uint8Array()), []);
  });

  it('refuses every truncation instead of returning part of a set', () => {
    const whole = encodeFrames([new Uint8Array([1, 2, 3]), new Uint8Array([4, 5])]);
    for (let cut = 1; cut < whole.length; cut++) {
      if (cut === 7) continue; // exactly after the first frame: a valid set of one
      assert.throws(() => decodeFrames(whole.subarray(0, cut)), RangeError, `cut at ${cut}`);
    }
  });

  it('decodes a frame set that starts at an offset inside a larger buffer', () => {
    const inner = encodeFrames([new Uint8Array([9, 9])]);
    const outer = new Uint8Array(10 + inner.length);
    outer.set(inner, 10);
    assert.deepEqual([...decodeFrames(outer.subarray(10))[0]], [9, 9]);
  });

  it('groups by count and by bytes, keeping order', () => {
    const small = Array.from({ length: MAX_RECORDS_PER_MESSAGE * 2 + 1 }, (_, i) => ({ i, bytes: new Uint8Array(10) }));
    const groups = groupForFrames(small);
    assert.deepEqual(groups.map((g) => g.length), [MAX_RECORDS_PER_MESSAGE, MAX_RECORDS_PER_MESSAGE, 1]);
    assert.deepEqual(groups.flat().map((r) => r.i), small.map((r) => r.i));
    const big = Array.from({ length: 3 }, () => ({ bytes: new Uint8Array(300 * 1024) }));
    assert.deepEqual(groupForFrames(big).map((g) => g.length), [1, 1, 1]);
  });
});
