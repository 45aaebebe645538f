import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { UpstreamOutcomeSignal } from '@switchyard/contracts';
import { BatchedOutcomeReporter } from './batched-outcome.reporter';
import { RequestCancellation } from './request-cancellation';

describe('RequestCancellation', () => {
  it('calls each listener once on abort, not removed ones, and none added after', () => {
    const c = new RequestCancellation();
    const calls: string[] = [];
    const a = () => calls.push('a');
    const b = () => calls.push('b');
    c.addEventListener('abort', a);
    c.addEventListener('abort', b);
    c.removeEventListener('abort', b);
    assert.equal(c.aborted, false);
    c.abort();
    c.abort();
    c.addEventListener('abort', () => calls.push('late'));
    assert.equal(c.aborted, true);
    assert.deepEqual(calls, ['a']);
  });
});

describe('BatchedOutcomeReporter', () => {
  const outcome = (instanceId: string): UpstreamOutcomeSignal => ({ instanceId, ok: true, latencyMs: 1, gatewayId: 'g', at: 0 });

  it('publishes every outcome, in order, within the delay', async () => {
    const published: string[] = [];
    const reporter = new BatchedOutcomeReporter((s) => published.push(s.instanceId), { maxDelayMs: 5 });
    reporter.report(outcome('a'));
    reporter.report(outcome('b'));
    assert.deepEqual(published, []);
    await new Promise((r) => setTimeout(r, 30));
    assert.deepEqual(published, ['a', 'b']);
    reporter.report(outcome('c'));
    reporter.flush();
    assert.deepEqual(published, ['a', 'b', 'c']);
    await new Promise((r) => setTimeout(r, 30));
    assert.deepEqual(published, ['a', 'b', 'c']);
  });

  it('publishes at once when a batch is full', () => {
    const published: string[] = [];
    const reporter = new BatchedOutcomeReporter((s) => published.push(s.instanceId), { maxDelayMs: 60_000, maxBatch: 3 });
    for (const id of ['a', 'b', 'c', 'd']) reporter.report(outcome(id));
    assert.deepEqual(published, ['a', 'b', 'c']);
    reporter.flush();
    assert.deepEqual(published, ['a', 'b', 'c', 'd']);
  });
});
