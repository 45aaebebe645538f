import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateBudget, periodOf } from './budget.policy';

describe('budget policy', () => {
  it('raises nothing without a budget', () => {
    assert.deepEqual(evaluateBudget({ budget: null, spent: '1000', alertPercents: [50] }), { thresholds: [], exceeded: false, percent: 0 });
  });

  it('lists every soft threshold crossed, in order, once', () => {
    const d = evaluateBudget({ budget: '100', spent: '85.5', alertPercents: [80, 50, 50, 90] });
    assert.deepEqual(d.thresholds, [50, 80]);
    assert.equal(d.exceeded, false);
    assert.equal(d.percent, 85);
  });

  it('exceeds exactly at 100%, not a pico before', () => {
    assert.equal(evaluateBudget({ budget: '10', spent: '9.999999999999', alertPercents: [] }).exceeded, false);
    assert.equal(evaluateBudget({ budget: '10', spent: '10', alertPercents: [] }).exceeded, true);
    assert.equal(evaluateBudget({ budget: '10', spent: '25', alertPercents: [] }).percent, 250);
  });

  it('treats a zero budget as exceeded by any spend', () => {
    assert.equal(evaluateBudget({ budget: '0', spent: '0.000000000001', alertPercents: [] }).exceeded, true);
    assert.equal(evaluateBudget({ budget: '0', spent: '0', alertPercents: [] }).exceeded, false);
  });

  it('ignores nonsense thresholds', () => {
    assert.deepEqual(evaluateBudget({ budget: '1', spent: '1', alertPercents: [0, -5, 100, 150, Number.NaN, 99] }).thresholds, [99]);
  });

  it('names the UTC month', () => {
    assert.equal(periodOf('2026-11-30T23:59:59.999Z'), '2026-11');
    assert.equal(periodOf('2026-12-01T00:00:00Z'), '2026-12');
    assert.equal(periodOf(new Date(Date.UTC(2027, 0, 1))), '2027-01');
  });
});
