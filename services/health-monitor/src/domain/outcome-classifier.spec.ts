import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { UpstreamOutcomeSignal } from '@switchyard/contracts';
import { classifyInstanceOutcome, classifyKeyOutcome } from './outcome-classifier';

const base: UpstreamOutcomeSignal = { instanceId: 'i1', ok: true, latencyMs: 12, at: 1000 };
const fail = (extra: Partial<UpstreamOutcomeSignal>): UpstreamOutcomeSignal => ({ ...base, ok: false, ...extra });

describe('passive outcome classification', () => {
  it('a success is a passing passive check', () => {
    assert.deepEqual(classifyInstanceOutcome(base), { ok: true, at: 1000, source: 'passive' });
    assert.deepEqual(classifyKeyOutcome(base), { ok: true, at: 1000, source: 'passive' });
  });

  it('transport failures and 5xx count against an instance; 4xx and 429 do not', () => {
    assert.equal(classifyInstanceOutcome(fail({ errorKind: 'connect' }))?.reason, 'connection failed');
    assert.equal(classifyInstanceOutcome(fail({ errorKind: 'timeout' }))?.ok, false);
    assert.equal(classifyInstanceOutcome(fail({ errorKind: 'status', status: 503 }))?.reason, 'HTTP 503');
    assert.equal(classifyInstanceOutcome(fail({ errorKind: 'status', status: 429 })), undefined);
    assert.equal(classifyInstanceOutcome(fail({ errorKind: 'status', status: 400 })), undefined);
    assert.equal(classifyInstanceOutcome(fail({})), undefined);
  });

  it('rejected and rate-limited keys fail; a bad request is not the key\'s fault', () => {
    assert.match(classifyKeyOutcome(fail({ status: 401 }))!.reason!, /key rejected/);
    assert.match(classifyKeyOutcome(fail({ status: 429 }))!.reason!, /rate-limited/);
    assert.equal(classifyKeyOutcome(fail({ status: 500 }))?.ok, false);
    assert.equal(classifyKeyOutcome(fail({ errorKind: 'reset' }))?.reason, 'connection reset');
    assert.equal(classifyKeyOutcome(fail({ status: 400 })), undefined);
    assert.equal(classifyKeyOutcome(fail({ status: 404, errorKind: 'status' })), undefined);
  });
});
