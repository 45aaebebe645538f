import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { createLogger, createMetrics, requestIdFrom, traceIdFrom, newRequestId, redactSecrets, maskSecret } from './index';

describe('logger', () => {
  it('writes JSON lines with the service name and redacts secrets', async () => {
    const out = new PassThrough();
    const chunks: string[] = [];
    out.on('data', (c: Buffer) => chunks.push(c.toString()));
    const logger = createLogger({ service: 'gateway', level: 'info', destination: out });
    logger.info({ req: { headers: { authorization: 'Bearer sk-live-123' } }, provider: { apiKey: 'sk-abc', name: 'p' } }, 'hello');
    await new Promise((r) => setImmediate(r));
    const line = JSON.parse(chunks.join('').trim()) as Record<string, unknown>;
    assert.equal(line.service, 'gateway');
    assert.equal(line.level, 'info');
    assert.equal(line.msg, 'hello');
    const text = chunks.join('');
    assert.ok(!text.includes('sk-live-123'));
    assert.ok(!text.includes('sk-abc'));
    assert.match(text, /\[redacted\]/);
  });
});

describe('metrics', () => {
  it('registers prefixed metrics with a service label and renders them', async () => {
    const metrics = createMetrics('billing', { defaultMetrics: false });
    metrics.counter('events_total', 'events', ['kind']).inc({ kind: 'a' });
    assert.equal(metrics.counter('events_total', 'events', ['kind']), metrics.registry.getSingleMetric('switchyard_events_total'));
    const text = await metrics.render();
    assert.match(text, /switchyard_events_total\{kind="a",service="billing"\} 1/);
  });
});

describe('request ids', () => {
  it('keeps a sane caller id and replaces hostile ones', () => {
    assert.equal(requestIdFrom('abc-123'), 'abc-123');
    assert.match(requestIdFrom(undefined), /^[0-9a-f]{24}$/);
    assert.notEqual(requestIdFrom('evil\r\nSet-Cookie: x'), 'evil\r\nSet-Cookie: x');
    assert.match(requestIdFrom('x'.repeat(500)), /^[0-9a-f]{24}$/);
    assert.equal(requestIdFrom(['first', 'second']), 'first');
    assert.notEqual(newRequestId(), newRequestId());
  });

  it('reads the trace id from traceparent and rejects malformed ones', () => {
    assert.equal(traceIdFrom('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'), '4bf92f3577b34da6a3ce929d0e0e4736');
    assert.equal(traceIdFrom('00-00000000000000000000000000000000-00f067aa0ba902b7-01'), undefined);
    assert.equal(traceIdFrom('garbage'), undefined);
    assert.equal(traceIdFrom(undefined), undefined);
  });
});

describe('redaction', () => {
  it('masks secrets to their last 4 characters', () => {
    assert.equal(maskSecret('sk-1234567890abcd'), '****abcd');
    assert.equal(maskSecret('short'), '****');
  });

  it('redacts nested secret fields without touching others', () => {
    const input = { name: 'p', keys: [{ secret: 's1', description: 'd' }], nested: { password: 'pw', Authorization: 'x' } };
    const out = redactSecrets(input);
    assert.deepEqual(out, { name: 'p', keys: [{ secret: '[redacted]', description: 'd' }], nested: { password: '[redacted]', Authorization: '[redacted]' } });
    assert.equal(input.keys[0].secret, 's1');
  });
});
