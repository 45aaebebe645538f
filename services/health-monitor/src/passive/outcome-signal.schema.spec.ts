import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseOutcome } from './outcome-signal.schema';

describe('outcome signal parsing', () => {
  const good = { instanceId: 'i1', ok: false, status: 503, latencyMs: 12.5, errorKind: 'status', at: 1_000 };

  it('accepts a well-formed outcome', () => {
    assert.deepEqual(parseOutcome(good, 1_000), good);
  });

  it('refuses garbage, wrong types, huge ids and impossible numbers', () => {
    for (const bad of [null, 'x', 42, [], {}, { ...good, ok: 'yes' }, { ...good, instanceId: '' }, { ...good, instanceId: 'x'.repeat(201) },
      { ...good, latencyMs: -1 }, { ...good, latencyMs: Number.POSITIVE_INFINITY }, { ...good, status: 42 }, { ...good, errorKind: 'boom' }, { ...good, at: 'now' }]) {
      assert.equal(parseOutcome(bad, 1_000), undefined, JSON.stringify(bad));
    }
  });

  it('replaces a time far from now', () => {
    assert.equal(parseOutcome({ ...good, at: 1 }, 10_000_000)?.at, 10_000_000);
    assert.equal(parseOutcome({ ...good, at: 9_990_000 }, 10_000_000)?.at, 9_990_000);
  });

  it('drops unknown fields', () => {
    assert.equal('secret' in (parseOutcome({ ...good, secret: 'sk-123' }, 1_000) ?? {}), false);
  });
});
