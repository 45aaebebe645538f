import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { GpuHourInput } from '@switchyard/billing-store';
import { HOUR_MS } from './gpu-cost';
import { planGpuHour } from './gpu-hour.plan';
import { toMicros } from './money';
import type { PricedGpuRate } from './price-book';

const H = new Date('2026-11-20T10:00:00.000Z');
const rate = (gpuHour: string, from: number, currency = 'USD', priceId = 'p-1'): PricedGpuRate => ({ fromMs: from, microsPerGpuHour: toMicros(gpuHour), currency, priceId });
const span = (startMin: number, endMin: number | null, gpus = 2) => ({
  instanceId: `i-${startMin}`, deploymentId: 'd', workspaceId: 'ws', gpus,
  startedAt: new Date(H.getTime() + startMin * 60_000), endedAt: endMin === null ? null : new Date(H.getTime() + endMin * 60_000),
});
const ev = (requestId: string, tokens: number, currency = 'USD', idle = false) => ({ requestId, tokens: BigInt(tokens), currency, gpuCost: '0', idle });
const input = (over: Partial<GpuHourInput>): GpuHourInput => ({ deploymentId: 'd', hour: H, spans: [], events: [], ...over });
const deployment = { workspaceId: 'ws', model: 'llama', gpuCount: 2 };

describe('planGpuHour', () => {
  it('spreads the hour over the requests by tokens', () => {
    const plan = planGpuHour(input({ spans: [span(-60, null)], events: [ev('a', 1), ev('b', 3)] }), [rate('2', 0)], deployment, 'EUR');
    assert.equal(plan.cost, '4.000000000000');
    assert.equal(plan.currency, 'USD');
    assert.deepEqual([...plan.shares], [['a', '1.000000000000'], ['b', '3.000000000000']]);
    assert.equal(plan.idle, '0.000000000000');
    assert.equal(plan.tokens, 4n);
    assert.equal(plan.gpuMs, BigInt(2 * HOUR_MS));
  });

  it('books an hour without tokens as idle, on a row of the deployment\'s workspace and model', () => {
    const plan = planGpuHour(input({ spans: [span(0, 30, 1)], events: [ev('err', 0)] }), [rate('6', 0, 'USD', 'p-gpu')], deployment, 'USD');
    assert.equal(plan.idle, '3.000000000000');
    assert.deepEqual(plan.idleRow, { workspaceId: 'ws', model: 'llama', priceId: 'p-gpu' });
    assert.equal(plan.shares.get('err'), '0.000000000000');
  });

  it('never adds GPU cost to a row priced in another currency, nor to the idle row itself', () => {
    const plan = planGpuHour(
      input({ spans: [span(-60, null, 1)], events: [ev('eur', 1_000, 'EUR'), ev('usd', 10), ev('gpu-idle:d:x', 0, 'USD', true)] }),
      [rate('5', 0)], deployment, 'USD',
    );
    assert.equal(plan.shares.has('eur'), false, 'rows not named are reset to 0 by the store');
    assert.equal(plan.shares.get('usd'), '5.000000000000');
    assert.equal(plan.idle, '0.000000000000');
  });

  it('uses the currency of the rate in effect at the end of the hour; no rate at all costs nothing', () => {
    const plan = planGpuHour(input({ spans: [span(-60, null, 1)], events: [ev('a', 1, 'EUR')] }), [rate('1', 0, 'USD'), rate('2', H.getTime() + 30 * 60_000, 'EUR', 'p-2')], deployment, 'USD');
    assert.equal(plan.currency, 'EUR');
    assert.equal(plan.cost, '1.500000000000');
    const none = planGpuHour(input({ spans: [span(-60, null, 1)], events: [ev('a', 1)] }), [], undefined, 'GBP');
    assert.equal(none.cost, '0.000000000000');
    assert.equal(none.currency, 'GBP');
    assert.deepEqual(none.idleRow, { workspaceId: 'ws', model: '', priceId: null }, 'an unknown deployment: the span says whose it is');
  });

  it('a rate starting after the hour does not apply to it', () => {
    const plan = planGpuHour(input({ spans: [span(-60, null, 1)], events: [] }), [rate('9', H.getTime() + HOUR_MS)], deployment, 'USD');
    assert.equal(plan.cost, '0.000000000000');
  });
});
