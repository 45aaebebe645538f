import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { headers } from 'nats';
import { DeadLetterHeaders, deadLetterHeaders, headerSafe } from './dead-letter';

const info = {
  reason: 'handler-failed' as const,
  error: 'boom\r\nX-Injected: yes',
  subject: 'sy.route.changed',
  stream: 'SY_CONTROL',
  streamSequence: 42,
  consumer: 'gateway',
  service: 'gateway',
  deliveries: 5,
  time: new Date('2026-01-01T00:00:00Z'),
};

describe('dead-letter headers', () => {
  it('keeps header values on one bounded line', () => {
    assert.equal(headerSafe('a\r\nb\tc'), 'a  b c');
    assert.equal(headerSafe('x'.repeat(2_000)).length, 1_024);
    assert.equal(headerSafe(''), '');
  });

  it('describes the failure and keeps the original headers except publish controls', () => {
    const original = headers();
    original.set('Nats-Msg-Id', 'evt-1');
    original.set('Nats-Expected-Stream', 'SY_CONTROL');
    original.set('traceparent', '00-abc-def-01');
    original.set('Sy-Dlq-Reason', 'forged');
    const h = deadLetterHeaders(original, info);
    assert.equal(h.has('Nats-Msg-Id'), false);
    assert.equal(h.has('Nats-Expected-Stream'), false);
    assert.equal(h.get('traceparent'), '00-abc-def-01');
    assert.deepEqual(h.values(DeadLetterHeaders.Reason), ['handler-failed']);
    assert.equal(h.get(DeadLetterHeaders.Error), 'boom  X-Injected: yes');
    assert.equal(h.get(DeadLetterHeaders.StreamSequence), '42');
    assert.equal(h.get(DeadLetterHeaders.Deliveries), '5');
    assert.equal(h.get(DeadLetterHeaders.Time), '2026-01-01T00:00:00.000Z');
  });

  it('works without original headers and with an empty error', () => {
    const h = deadLetterHeaders(undefined, { ...info, error: '' });
    assert.equal(h.get(DeadLetterHeaders.Error), '-');
    assert.equal(h.get(DeadLetterHeaders.Consumer), 'gateway');
  });
});
