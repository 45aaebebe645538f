import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { JetStreamManager, NatsConnection as RawNatsConnection } from 'nats';
import { namespacedStream, Streams, Subjects } from '@switchyard/contracts';
import { natsNamespace, sleep, waitFor } from '@switchyard/testing';
import { ensureStreams, EventPublisher, NatsConnection, OutboxRelay, PublishError, type OutboxRow, type OutboxSource } from '../src';
import { deleteStreams, NATS_URL, rawConnection, routeChanged, testLogger } from './support/fixtures';

/** The registry's outbox table, in memory: rows in commit order, a published flag. */
class MemoryOutbox implements OutboxSource {
  readonly rows: Array<OutboxRow & { published: boolean }> = [];
  failMarks = 0;
  append(count: number): void {
    for (let i = 0; i < count; i += 1) {
      const id = BigInt(this.rows.length + 1);
      const env = routeChanged(Number(id));
      this.rows.push({ id, eventId: env.id, subject: Subjects.RouteChanged, envelope: JSON.parse(JSON.stringify(env)), published: false });
    }
  }
  async fetchUnpublished(limit: number): Promise<OutboxRow[]> {
    return this.rows.filter((r) => !r.published).slice(0, limit);
  }
  async markPublished(ids: readonly bigint[]): Promise<void> {
    if (this.failMarks > 0) {
      this.failMarks -= 1;
      throw new Error('database unavailable');
    }
    for (const r of this.rows) if (ids.includes(r.id)) r.published = true;
  }
}

describe('OutboxRelay publishing through JetStream', () => {
  const ns = natsNamespace('outbox');
  let raw: RawNatsConnection;
  let jsm: JetStreamManager;
  let conn: NatsConnection;
  let publisher: EventPublisher;
  const stream = namespacedStream(ns, Streams.Control).name;

  async function streamEventIds(): Promise<string[]> {
    const info = await jsm.streams.info(stream);
    const ids: string[] = [];
    for (let seq = info.state.first_seq; info.state.messages > 0 && seq <= info.state.last_seq; seq += 1) {
      const m = await jsm.streams.getMessage(stream, { seq });
      ids.push((JSON.parse(new TextDecoder().decode(m.data)) as { id: string }).id);
    }
    return ids;
  }

  before(async () => {
    raw = await rawConnection();
    jsm = await raw.jetstreamManager();
    await ensureStreams(jsm, [Streams.Control], ns);
    conn = await NatsConnection.connect({ url: NATS_URL, name: 'registry', service: 'registry', namespace: ns, logger: testLogger() });
    publisher = new EventPublisher(conn);
  });
  after(async () => {
    await conn.close();
    await deleteStreams(raw, ns);
    await raw.close();
  });

  it('publishes in order, stops at a failure, resumes there, and drops re-published rows as duplicates', async () => {
    const outbox = new MemoryOutbox();
    outbox.append(4);
    let down = false;
    let refused = 0;
    const relay = new OutboxRelay({
      source: outbox,
      batchSize: 3,
      pollMs: 60_000,
      backoffMs: 20,
      maxBackoffMs: 50,
      logger: testLogger(),
      publish: async (subject, bytes, msgId) => {
        if (down) {
          refused += 1;
          throw new PublishError('NATS is not connected', { subject }, { retryable: true });
        }
        await publisher.publishRaw(subject, bytes, msgId);
      },
    });
    relay.start();
    await waitFor('first four published', () => outbox.rows.every((r) => r.published));

    down = true;
    outbox.append(3);
    relay.kick();
    await waitFor('several refused attempts', () => refused >= 3);
    assert.equal(relay.lagging(), 3);
    assert.equal((await streamEventIds()).length, 4);

    // the database fails after the publish: the rows come again and JetStream drops them as duplicates
    outbox.failMarks = 1;
    down = false;
    await waitFor('all published', () => outbox.rows.every((r) => r.published), { timeoutMs: 5_000 });
    assert.equal(relay.lagging(), 0);
    await relay.stop();

    assert.deepEqual(await streamEventIds(), outbox.rows.map((r) => r.eventId));
  });

  it('wakes on kick() long before the poll interval', async () => {
    const outbox = new MemoryOutbox();
    const relay = new OutboxRelay({
      source: outbox,
      pollMs: 60_000,
      logger: testLogger(),
      publish: async (s, b, id) => void (await publisher.publishRaw(s, b, id)),
    });
    relay.start();
    await sleep(50);
    outbox.append(2);
    const before = Date.now();
    relay.kick();
    await waitFor('kicked rows published', () => outbox.rows.every((r) => r.published));
    assert.ok(Date.now() - before < 5_000);
    await relay.stop();
  });
});
