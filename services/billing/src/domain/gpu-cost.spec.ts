import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { floorHourMs, gpuCostOfHour, hoursOfSpan, HOUR_MS, spreadByTokens, type GpuRate } from './gpu-cost';
import { decimalToPicos, toMicros } from './money';

const H = Date.parse('2026-11-10T10:00:00.000Z');
const MIN = 60_000;
const rate = (gpuHour: string, fromMs = 0): GpuRate => ({ fromMs, microsPerGpuHour: toMicros(gpuHour) });

describe('gpuCostOfHour', () => {
  it('a whole hour of one 4-GPU instance at 2.40 per GPU-hour is 9.60', () => {
    const cost = gpuCostOfHour(H, [{ startMs: H - HOUR_MS, endMs: null, gpus: 4 }], [rate('2.40')]);
    assert.equal(cost.picos, decimalToPicos('9.6'));
    assert.equal(cost.gpuMs, BigInt(4 * HOUR_MS));
  });

  it('counts only the overlap with the hour: registered at :15, removed at :45 is half an hour', () => {
    const cost = gpuCostOfHour(H, [{ startMs: H + 15 * MIN, endMs: H + 45 * MIN, gpus: 2 }], [rate('3')]);
    assert.equal(cost.picos, decimalToPicos('3'));
  });

  it('an instance without GPUs is charged as one', () => {
    assert.equal(gpuCostOfHour(H, [{ startMs: 0, endMs: null, gpus: 0 }], [rate('1.5')]).picos, decimalToPicos('1.5'));
  });

  it('adds every instance of the deployment', () => {
    const spans = [
      { startMs: 0, endMs: null, gpus: 1 },
      { startMs: H + 30 * MIN, endMs: null, gpus: 1 },
      { startMs: 0, endMs: H + 6 * MIN, gpus: 1 },
    ];
    assert.equal(gpuCostOfHour(H, spans, [rate('10')]).picos, decimalToPicos('16')); // 10 + 5 + 1
  });

  it('spans outside the hour cost nothing; an empty hour is zero', () => {
    assert.deepEqual(gpuCostOfHour(H, [{ startMs: 0, endMs: H, gpus: 8 }, { startMs: H + HOUR_MS, endMs: null, gpus: 8 }], [rate('2')]), { picos: 0n, gpuMs: 0n });
    assert.deepEqual(gpuCostOfHour(H, [], [rate('2')]), { picos: 0n, gpuMs: 0n });
  });

  it('splits the hour at a rate change: 20 minutes at 6, 40 minutes at 3 is 4', () => {
    const cost = gpuCostOfHour(H, [{ startMs: 0, endMs: null, gpus: 1 }], [rate('6', 0), rate('3', H + 20 * MIN)]);
    assert.equal(cost.picos, decimalToPicos('4'));
  });

  it('charges nothing before the first rate and nothing under a later price without gpuHour', () => {
    const rates: GpuRate[] = [rate('6', H + 30 * MIN), { fromMs: H + 45 * MIN, microsPerGpuHour: 0n }];
    assert.equal(gpuCostOfHour(H, [{ startMs: 0, endMs: null, gpus: 1 }], rates).picos, decimalToPicos('1.5'));
    assert.equal(gpuCostOfHour(H, [{ startMs: 0, endMs: null, gpus: 1 }], []).picos, 0n);
  });

  it('rounds once on the exact sum, half up (0.000001 per GPU-hour is 1e6 picos per 3.6e6 ms)', () => {
    const tiny = [rate('0.000001')];
    assert.equal(gpuCostOfHour(H, [{ startMs: H, endMs: H + 1, gpus: 1 }], tiny).picos, 0n, '1 ms = 0.28 picos');
    assert.equal(gpuCostOfHour(H, [{ startMs: H, endMs: H + 9, gpus: 1 }], tiny).picos, 3n, '9 ms = 2.5 picos, half up');
    // three 1 ms spans (0.28 picos each) sum to 0.83 -> 1, not 0 + 0 + 0
    const spans = [0, 1, 2].map((i) => ({ startMs: H + i * 10_000, endMs: H + i * 10_000 + 1, gpus: 1 }));
    assert.equal(gpuCostOfHour(H, spans, tiny).picos, 1n);
  });

  it('the hours of a day add up to the day, whatever the span boundaries', () => {
    const spans = [{ startMs: H + 7 * MIN + 13, endMs: H + 22 * HOUR_MS + 5 * MIN + 999, gpus: 3 }];
    const rates = [rate('2.123457')];
    let sum = 0n;
    for (let h = floorHourMs(H); h < H + 24 * HOUR_MS; h += HOUR_MS) sum += gpuCostOfHour(h, spans, rates).picos;
    const exactMs = BigInt(22 * HOUR_MS + 5 * MIN + 999 - 7 * MIN - 13);
    const exact = (exactMs * 3n * toMicros('2.123457') * 1_000_000n) / BigInt(HOUR_MS);
    assert.ok(sum - exact <= 23n && exact - sum <= 23n, `per-hour rounding stays within a pico per hour (${sum} vs ${exact})`);
  });
});

describe('spreadByTokens', () => {
  const w = (id: string, tokens: number) => ({ id, tokens: BigInt(tokens) });

  it('splits in proportion to tokens and adds up exactly', () => {
    const { shares, idle } = spreadByTokens(1_000n, [w('a', 100), w('b', 300), w('c', 600)]);
    assert.deepEqual([...shares.values()], [100n, 300n, 600n]);
    assert.equal(idle, 0n);
  });

  it('gives leftover picos to the largest remainders, ties to the earlier request', () => {
    const { shares } = spreadByTokens(10n, [w('a', 1), w('b', 1), w('c', 1)]);
    assert.deepEqual([...shares.entries()], [['a', 4n], ['b', 3n], ['c', 3n]]);
    const skew = spreadByTokens(100n, [w('a', 1), w('b', 2), w('c', 4)]); // 14.28, 28.57, 57.14
    assert.deepEqual([...skew.shares.values()], [14n, 29n, 57n]);
  });

  it('requests without tokens get 0; an hour without tokens is idle', () => {
    const some = spreadByTokens(7n, [w('err', 0), w('ok', 5)]);
    assert.deepEqual([...some.shares.entries()], [['err', 0n], ['ok', 7n]]);
    const none = spreadByTokens(7n, [w('err', 0), w('err2', 0)]);
    assert.deepEqual([...none.shares.values()], [0n, 0n]);
    assert.equal(none.idle, 7n);
    assert.equal(spreadByTokens(7n, []).idle, 7n);
  });

  it('a zero cost spreads nothing', () => {
    const { shares, idle } = spreadByTokens(0n, [w('a', 10)]);
    assert.equal(shares.get('a'), 0n);
    assert.equal(idle, 0n);
  });

  it('always sums to the total (randomised)', () => {
    let seed = 42;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648);
    for (let round = 0; round < 300; round++) {
      const weights = Array.from({ length: 1 + (next() % 40) }, (_, i) => w(`r${i}`, next() % 5 === 0 ? 0 : next() % 100_000));
      const total = BigInt(next()) * BigInt(next() % 1000);
      const { shares, idle } = spreadByTokens(total, weights);
      const sum = [...shares.values()].reduce((a, b) => a + b, 0n) + idle;
      assert.equal(sum, total, `round ${round}`);
      for (const x of weights) {
        if (x.tokens === 0n) assert.equal(shares.get(x.id), 0n);
      }
    }
  });
});

describe('hoursOfSpan', () => {
  it('lists the clock hours a span overlaps, clipped to the window', () => {
    assert.deepEqual(hoursOfSpan({ startMs: H + 30 * MIN, endMs: H + 2 * HOUR_MS + MIN }, 0, H + 10 * HOUR_MS), [H, H + HOUR_MS, H + 2 * HOUR_MS]);
    assert.deepEqual(hoursOfSpan({ startMs: H - 5 * HOUR_MS, endMs: null }, H, H + 2 * HOUR_MS), [H, H + HOUR_MS]);
    assert.deepEqual(hoursOfSpan({ startMs: H, endMs: H + HOUR_MS }, 0, H + 10 * HOUR_MS), [H], 'an end on the hour boundary does not open the next hour');
    assert.deepEqual(hoursOfSpan({ startMs: H + 3 * HOUR_MS, endMs: null }, 0, H + 2 * HOUR_MS), []);
  });
});
