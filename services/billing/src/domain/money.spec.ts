import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { costPicos, decimalToPicos, percentOf, picosToDecimal, toMicros } from './money';

describe('money', () => {
  it('parses prices exactly', () => {
    assert.equal(toMicros('2.5'), 2_500_000n);
    assert.equal(toMicros('0.000001'), 1n);
    assert.equal(toMicros('15'), 15_000_000n);
    assert.equal(toMicros('999999999999.999999'), 999_999_999_999_999_999n);
    for (const bad of ['', '-1', '1e3', '0.0000001', 'abc', '1.2.3', 'NaN', ' 1 2']) assert.throws(() => toMicros(bad), RangeError, bad);
  });

  it('prices tokens with input, cached input and output rates', () => {
    const price = { inputPerMTok: '2.50', cachedInputPerMTok: '1.25', outputPerMTok: '10' };
    // 1,000 prompt (200 cached) + 500 completion = 800*2.5 + 200*1.25 + 500*10 per million = 0.00725
    const picos = costPicos({ promptTokens: 1_000, cachedPromptTokens: 200, completionTokens: 500 }, price);
    assert.equal(picosToDecimal(picos), '0.007250000000');
  });

  it('is exact where floats are not (0.1 + 0.2)', () => {
    const price = { inputPerMTok: '0.1', cachedInputPerMTok: '0', outputPerMTok: '0.2' };
    const total = costPicos({ promptTokens: 1_000_000, cachedPromptTokens: 0, completionTokens: 1_000_000 }, price);
    assert.equal(picosToDecimal(total), '0.300000000000');
  });

  it('sums 100,000 tiny costs without drift', () => {
    const price = { inputPerMTok: '0.15', cachedInputPerMTok: '0.075', outputPerMTok: '0.6' };
    let sum = 0n;
    for (let i = 0; i < 100_000; i++) sum += costPicos({ promptTokens: 7, cachedPromptTokens: 3, completionTokens: 1 }, price);
    // per request: 4*0.15 + 3*0.075 + 1*0.6 = 1.425 micro-units; x 100,000 = 0.1425
    assert.equal(picosToDecimal(sum), '0.142500000000');
  });

  it('clamps cached above prompt and ignores negative or fractional counts', () => {
    const price = { inputPerMTok: '1', cachedInputPerMTok: '0.5', outputPerMTok: '1' };
    assert.equal(costPicos({ promptTokens: 10, cachedPromptTokens: 50, completionTokens: 0 }, price), 5n * 1_000_000n);
    assert.equal(costPicos({ promptTokens: -5, cachedPromptTokens: -1, completionTokens: 1.9 }, price), 1_000_000n);
  });

  it('converts between decimals and picos', () => {
    assert.equal(decimalToPicos('1.5'), 1_500_000_000_000n);
    assert.equal(decimalToPicos('-0.000000000001'), -1n);
    assert.equal(picosToDecimal(-1n), '-0.000000000001');
    assert.equal(picosToDecimal(0n), '0.000000000000');
    assert.throws(() => decimalToPicos('1.0000000000001'));
  });

  it('computes budget percentages', () => {
    assert.equal(percentOf(decimalToPicos('80'), decimalToPicos('100')), 80);
    assert.equal(percentOf(decimalToPicos('79.999'), decimalToPicos('100')), 79);
    assert.equal(percentOf(1n, 0n), Number.POSITIVE_INFINITY);
    assert.equal(percentOf(0n, 0n), 0);
  });
});
