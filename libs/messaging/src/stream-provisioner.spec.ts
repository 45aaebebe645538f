import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { nanos, RetentionPolicy } from 'nats';
import { Streams } from '@switchyard/contracts';
import { streamConfigFor, streamNeedsUpdate } from './stream-provisioner';

describe('stream configuration', () => {
  it('maps a definition onto a namespaced limits stream', () => {
    const cfg = streamConfigFor(Streams.Control, 't1');
    assert.equal(cfg.name, 't1_SY_CONTROL');
    assert.deepEqual(cfg.subjects, ['t1.sy.>']);
    assert.equal(cfg.retention, RetentionPolicy.Limits);
    assert.equal(cfg.max_age, nanos(7 * 24 * 3600 * 1000));
    assert.equal(cfg.duplicate_window, nanos(120 * 1000));
    assert.equal(streamConfigFor(Streams.Control, '').name, 'SY_CONTROL');
  });

  it('sees a change only in the fields we manage', () => {
    const desired = streamConfigFor(Streams.DeadLetter, '');
    assert.equal(streamNeedsUpdate({ ...desired, max_msgs: 10 }, desired), false);
    assert.equal(streamNeedsUpdate({ ...desired, subjects: [...desired.subjects].reverse() }, desired), false);
    assert.equal(streamNeedsUpdate({ ...desired, subjects: ['dlq.x'] }, desired), true);
    assert.equal(streamNeedsUpdate({ ...desired, max_age: 1 }, desired), true);
    assert.equal(streamNeedsUpdate({ ...desired, duplicate_window: 1 }, desired), true);
    assert.equal(streamNeedsUpdate({ ...desired, description: 'old' }, desired), true);
  });

  it('refuses a namespace that would break subjects or stream names', () => {
    assert.throws(() => streamConfigFor(Streams.Control, 'a.b'), /invalid namespace/);
    assert.throws(() => streamConfigFor(Streams.Control, '>'), /invalid namespace/);
  });
});
