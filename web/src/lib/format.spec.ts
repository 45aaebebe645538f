import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decimalToMicros, formatCount, formatMoney, formatMs, formatPercent, formatTime, maskSecret, percentShares } from './format';

describe('formatMoney', () => {
  it('formats decimal strings exactly with grouping', () => {
    assert.equal(formatMoney('1234.5', 'USD'), '$1,234.50');
    assert.equal(formatMoney('0', 'USD'), '$0.00');
    assert.equal(formatMoney('1234567890123456789.01', 'USD'), '$1,234,567,890,123,456,789.01');
    assert.equal(formatMoney('12', 'EUR'), '€12.00');
    assert.equal(formatMoney('3.1', 'CHF'), '3.10 CHF');
  });

  it('keeps sub-cent amounts visible, rounding at the sixth decimal', () => {
    assert.equal(formatMoney('0.000123', 'USD'), '$0.000123');
    assert.equal(formatMoney('0.0000125', 'USD'), '$0.000013');
    assert.equal(formatMoney('0.000000001', 'USD'), '$0.00');
    assert.equal(formatMoney('-2.5', 'USD'), '-$2.50');
  });

  it('does not drift like floats do', () => {
    assert.equal(formatMoney('0.3', 'USD'), '$0.30');
    assert.equal(decimalToMicros('0.1')! + decimalToMicros('0.2')!, decimalToMicros('0.3'));
  });

  it('shows malformed input as is', () => {
    assert.equal(formatMoney('abc', 'USD'), 'abc USD');
    assert.equal(formatMoney('1e5', 'USD'), '1e5 USD');
    assert.equal(decimalToMicros(''), null);
  });
});

describe('percentShares', () => {
  it('sums to exactly 100', () => {
    const shares = percentShares([1, 1, 1]);
    assert.deepEqual(shares, [33.4, 33.3, 33.3]);
    assert.equal(Math.round(shares.reduce((a, b) => a + b, 0) * 10), 1000);
  });

  it('handles weights, zeros and garbage', () => {
    assert.deepEqual(percentShares([90, 10]), [90, 10]);
    assert.deepEqual(percentShares([0, 0]), [0, 0]);
    assert.deepEqual(percentShares([100, 0, -5, Number.NaN]), [100, 0, 0, 0]);
    assert.deepEqual(percentShares([]), []);
  });

  it('stays exact for many targets', () => {
    const shares = percentShares(Array.from({ length: 50 }, (_, i) => i + 1));
    assert.equal(Math.round(shares.reduce((a, b) => a + b, 0) * 10), 1000);
  });
});

describe('other formats', () => {
  it('percent, counts, ms, time, masks', () => {
    assert.equal(formatPercent(33.3), '33.3%');
    assert.equal(formatPercent(50), '50%');
    assert.equal(formatPercent(0.025, { fraction: true, digits: 1 }), '2.5%');
    assert.equal(formatPercent(null), '—');
    assert.equal(formatCount(1234567), '1,234,567');
    assert.equal(formatMs(1500), '1.50 s');
    assert.equal(formatMs(42.4), '42 ms');
    assert.equal(formatTime('2026-11-23T12:34:56.000Z'), '2026-11-23 12:34 UTC');
    assert.equal(formatTime('nonsense'), 'nonsense');
    assert.equal(maskSecret('sk-abcdefghijkl1234'), 'sk-a…1234');
    assert.equal(maskSecret('short'), '••••');
  });
});
