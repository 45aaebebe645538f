import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createLogger } from '@switchyard/observability';
import { envelopeBytes, OutboxRelay, publishOrder, relayDelayMs, type OutboxRow, type OutboxSource } from './outbox.relay';

const logger = createLogger({ service: 'spec', level: 'silent' });

/** An in-memory outbox table. */
class MemoryOutbox implements OutboxSource {
  rows: Array<OutboxRow & { published: boolean }> = [];
  add(n: number): void {
    for (let i = 0; i < n; i += 1) {
      const next = BigInt(this.rows.length + 1);
      this.rows.push({ id: next, eventId: `e${next}`, subject: 'sy.route.changed', envelope: { n: Number(next) }, published: false });
    }
  }
  async fetchUnpublished(limit: number): Promise<OutboxRow[]> {
    // returned in reverse on purpose: the relay must sort
    return this.rows.filter((r) => !r.published).slice(0, limit).reverse();
  }
  async markPublished(ids: readonly bigint[]): Promise<void> {
    for (const r of this.rows) if (ids.includes(r.id)) r.published = true;
  }
}

describe('outbox relay pieces', () => {
  it('encodes stored envelopes as they are', () => {
    assert.deepEqual(new TextDecoder().decode(envelopeBytes({ a: 1 })), '{"a":1}');
    assert.deepEqual(new TextDecoder().decode(envelopeBytes('{"a":1}')), '{"a":1}');
    const bytes = new Uint8Array([1, 2]);
    assert.equal(envelopeBytes(bytes), bytes);
    assert.throws(() => envelopeBytes(undefined), TypeError);
  });

  it('orders by id and backs off exponentially', () => {
    assert.deepEqual(publishOrder([{ id: 3n }, { id: 1n }, { id: 2n }]).map((r) => r.id), [1n, 2n, 3n]);
    assert.deepEqual([0, 1, 2, 3, 10].map((f) => relayDelayMs(f, 1000, 100, 1000)), [1000, 100, 200, 400, 1000]);
  });

  it('publishes in id order, stops at the first failure and resumes there', async () => {
    const outbox = new MemoryOutbox();
    outbox.add(5);
    const sent: string[] = [];
    let failOn: string | undefined = 'e3';
    const relay = new OutboxRelay({
      source: outbox,
      batchSize: 10,
      logger,
      publish: async (_s, _b, id) => {
        if (id === failOn) throw new Error('nats down');
        sent.push(id);
      },
    });
    const pass = await relay.runOnce();
    assert.equal(pass.published, 2);
    assert.ok(pass.error instanceof Error);
    assert.deepEqual(sent, ['e1', 'e2']);
    assert.equal(relay.lagging(), 3);
    assert.deepEqual(outbox.rows.map((r) => r.published), [true, true, false, false, false]);
    failOn = undefined;
    await relay.runOnce();
    assert.deepEqual(sent, ['e1', 'e2', 'e3', 'e4', 'e5']);
    assert.equal(relay.lagging(), 0);
  });

  it('wakes on kick(), drains batches back to back and stops cleanly', async () => {
    const outbox = new MemoryOutbox();
    const sent: string[] = [];
    const relay = new OutboxRelay({ source: outbox, batchSize: 3, pollMs: 60_000, logger, publish: async (_s, _b, id) => void sent.push(id) });
    relay.start();
    relay.start();
    await new Promise((r) => setTimeout(r, 20));
    outbox.add(7);
    relay.kick();
    const deadline = Date.now() + 2_000;
    while (sent.length < 7 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    assert.deepEqual(sent, ['e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7']);
    await relay.stop();
    await relay.stop();
  });

  it('keeps going when the source itself fails', async () => {
    let calls = 0;
    const relay = new OutboxRelay({
      source: {
        fetchUnpublished: async () => {
          calls += 1;
          if (calls < 3) throw new Error('db down');
          return [];
        },
        markPublished: async () => undefined,
      },
      pollMs: 5,
      backoffMs: 5,
      logger,
      publish: async () => undefined,
    });
    relay.start();
    const deadline = Date.now() + 2_000;
    while (calls < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    await relay.stop();
    assert.ok(calls >= 4);
  });
});
