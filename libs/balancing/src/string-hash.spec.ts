import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { combineHashes, hashString, mix32 } from './string-hash';

describe('hashString', () => {
  it('is stable and seedable', () => {
    assert.equal(hashString('abc'), hashString('abc'));
    assert.notEqual(hashString('abc', 1), hashString('abc', 2));
    assert.notEqual(hashString('ab'), hashString('ba'));
  });

  it('spreads near-identical strings over the high bits (what ring positions use)', () => {
    const highBuckets = new Set(Array.from({ length: 64 }, (_, i) => hashString(`user-${i}`) >>> 28));
    assert.ok(highBuckets.size >= 12, String(highBuckets.size));
  });

  it('is uniform over 16 buckets for 32,000 IP addresses (chi-square, 15 dof, p > 0.001)', () => {
    const buckets = new Array<number>(16).fill(0);
    for (let i = 0; i < 32_000; i++) buckets[hashString(`10.0.${i >> 8}.${i & 255}`) & 15]++;
    const chiSquare = buckets.reduce((sum, n) => sum + (n - 2_000) ** 2 / 2_000, 0);
    assert.ok(chiSquare < 37.7, `chi-square ${chiSquare}: ${buckets.join(' ')}`);
  });

  it('returns unsigned 32-bit integers for any input', () => {
    for (const s of ['', 'x'.repeat(100_000), '\u0000', '😀', '\ud800']) {
      const h = hashString(s);
      assert.ok(Number.isInteger(h) && h >= 0 && h <= 0xffffffff);
    }
  });
});

describe('mix32 and combineHashes', () => {
  it('avalanche: one input bit flips about half the output bits', () => {
    let flipped = 0;
    for (let i = 0; i < 1_000; i++) {
      const x = mix32(i) ^ mix32(i ^ 1);
      flipped += x.toString(2).split('').filter((b) => b === '1').length;
    }
    assert.ok(Math.abs(flipped / 1_000 - 16) < 1.5, String(flipped / 1_000));
  });

  it('combineHashes is order-sensitive and unsigned', () => {
    assert.notEqual(combineHashes(1, 2), combineHashes(2, 1));
    assert.ok(combineHashes(0xffffffff, 0xffffffff) >= 0);
  });
});
