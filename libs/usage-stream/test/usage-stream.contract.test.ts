// One contract for both engines: runs against JetStream here, and against Kafka wherever KAFKA_BROKERS is set.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { connect, headers } from 'nats';
import { createLogger } from '@switchyard/observability';
import { natsNamespace, waitFor } from '@switchyard/testing';
import { encodeUsageRecord, type UsageRecordInput } from '@switchyard/contracts';
import { createUsageConsumer, createUsageProducer, usageStream, type UsageDelivery, type UsageStreamOptions } from '../src';
import { usageStream as streamDef } from '../src/jetstream.connection';
import { encodeFrames } from '../src/usage-frames';

const logger = createLogger({ service: 'usage-stream-test', level: 'silent' });
const kafkaBrokers = (process.env.KAFKA_BROKERS ?? '').split(',').filter(Boolean);
const engines: Array<{ name: string; opts: Partial<UsageStreamOptions>; dedupOnPublish: boolean }> = [
  { name: 'jetstream', opts: {}, dedupOnPublish: true },
];
if (kafkaBrokers.length > 0) engines.push({ name: 'kafka', opts: { kafkaBrokers }, dedupOnPublish: false });
else it('kafka adapter: skipped, KAFKA_BROKERS is not set on this machine (no Kafka broker runs here)', { skip: true }, () => undefined);

function record(i: number, ws = 'ws-1'): UsageRecordInput {
  return {
    requestId: `req-${i}`,
    time: new Date(Date.UTC(2026, 10, 1, 12, 0, i % 60)).toISOString(),
    workspaceId: ws,
    apiKeyId: 'key-1',
    route: 'chat',
    targetKind: 'deployment',
    deploymentId: 'dep-1',
    instanceId: 'inst-1',
    model: 'chat',
    endpoint: 'chat',
    promptTokens: 10 + i,
    cachedPromptTokens: 0,
    completionTokens: 5,
    latencyMs: 12,
    statusCode: 200,
    outcome: 'ok',
    estimated: false,
    stream: false,
    attempts: 1,
    gatewayId: 'gw-test',
  };
}

for (const engine of engines) {
  describe(`usage stream contract (${engine.name})`, () => {
    const namespaces: string[] = [];
    const base = (ns: string): UsageStreamOptions => ({ ...engine.opts, namespace: ns, logger, clientId: 'contract-test' });
    const fresh = () => {
      const ns = natsNamespace('usage');
      namespaces.push(ns);
      return ns;
    };

    after(async () => {
      if (engine.name !== 'jetstream') return;
      const nc = await connect({ servers: 'nats://127.0.0.1:4222' });
      const jsm = await nc.jetstreamManager();
      for (const ns of namespaces) await jsm.streams.delete(streamDef(ns).name).catch(() => false);
      await nc.close();
    });

    it('delivers every record exactly once to a group, and nothing again after a restart', async () => {
      const ns = fresh();
      const producer = await createUsageProducer(base(ns));
      for (let i = 0; i < 1_000; i++) producer.send(record(i));
      await producer.flush(10_000);
      assert.equal(producer.stats().sent, 1_000);
      await producer.close();

      const seen = new Map<string, number>();
      const consume = async () => {
        const consumer = await createUsageConsumer({ ...base(ns), group: 'billing', batchSize: 200 });
        void consumer.run(async (batch: UsageDelivery[]) => {
          for (const d of batch) seen.set(d.requestId, (seen.get(d.requestId) ?? 0) + 1);
        });
        return consumer;
      };
      const first = await consume();
      await waitFor('seen.size === 1_000', () => seen.size === 1_000, { timeoutMs: 15_000 });
      await first.close();
      const second = await consume();
      await new Promise((r) => setTimeout(r, 1_500));
      await second.close();
      assert.equal(seen.size, 1_000);
      assert.ok([...seen.values()].every((n) => n === 1), 'an acknowledged record came back');
      const r = record(7);
      assert.equal(seen.has(r.requestId), true);
    });

    it('redelivers a batch whose handler failed, then stops', async () => {
      const ns = fresh();
      const producer = await createUsageProducer(base(ns));
      for (let i = 0; i < 20; i++) producer.send(record(i));
      await producer.close();
      const consumer = await createUsageConsumer({ ...base(ns), group: 'billing' });
      let failures = 0;
      const done = new Set<string>();
      let redelivered = false;
      // What each batch carried (records, redelivered flags), for the failure message: this assertion failed once
      // in a loaded fresh-clone run (all 20 seen, none redelivered) and did not reproduce in 6 runs under load.
      const seen: string[] = [];
      void consumer.run(async (batch) => {
        seen.push(`${batch.length}:${[...new Set(batch.map((d) => d.redelivered))].join('/')}${failures < 1 ? ':failed' : ''}`);
        if (failures < 1) {
          failures++;
          throw new Error('ledger unavailable');
        }
        for (const d of batch) {
          done.add(d.requestId);
          if (d.redelivered) redelivered = true;
        }
      });
      await waitFor('done.size === 20', () => done.size === 20, { timeoutMs: 15_000 });
      await consumer.close();
      assert.equal(failures, 1);
      if (engine.name === 'jetstream') assert.equal(redelivered, true, `batches (records:redelivered): ${seen.join(' ')}`);
    });

    it('refuses a record that breaks the contract at send() without poisoning the others', async () => {
      const ns = fresh();
      const producer = await createUsageProducer(base(ns));
      producer.send({ ...record(1), requestId: '' });
      producer.send({ ...record(2), promptTokens: -1 });
      producer.send(record(3));
      await producer.flush(5_000);
      const stats = producer.stats();
      await producer.close();
      assert.equal(stats.invalid, 2);
      assert.equal(stats.sent, 1);
    });

    it('shares one group between two consumers without double delivery', async () => {
      const ns = fresh();
      const producer = await createUsageProducer(base(ns));
      // Forty flushes: forty-odd messages (records travel in frame sets), so both consumers get some.
      for (let i = 0; i < 2_000; i++) {
        producer.send(record(i));
        if (i % 50 === 49) await producer.flush(5_000);
      }
      await producer.close();
      const counts = [0, 0];
      const seen = new Set<string>();
      let dup = 0;
      const consumers = await Promise.all([0, 1].map(() => createUsageConsumer({ ...base(ns), group: 'billing', batchSize: 50 })));
      consumers.forEach((c, idx) => {
        void c.run(async (batch) => {
          counts[idx] += batch.length;
          for (const d of batch) {
            if (seen.has(d.requestId)) dup++;
            seen.add(d.requestId);
          }
          await new Promise((r) => setTimeout(r, 5));
        });
      });
      await waitFor('seen.size === 2_000', () => seen.size === 2_000, { timeoutMs: 20_000 });
      await Promise.all(consumers.map((c) => c.close()));
      assert.equal(dup, 0);
      if (engine.name === 'jetstream') assert.ok(counts[0] > 0 && counts[1] > 0, `both consumers worked: ${counts.join('/')}`);
    });

    if (engine.dedupOnPublish) {
      it('drops a re-published frame set (producer retry after a lost ack)', async () => {
        const ns = fresh();
        for (let attempt = 0; attempt < 2; attempt++) {
          const producer = await createUsageProducer(base(ns));
          producer.send(record(1));
          producer.send(record(2));
          await producer.close();
        }
        const nc = await connect({ servers: 'nats://127.0.0.1:4222' });
        const info = await (await nc.jetstreamManager()).streams.info(usageStream(ns).name);
        await nc.close();
        assert.equal(info.state.messages, 1, 'the same records in the same frame set are one message');
      });
    }

    if (engine.name === 'jetstream') {
      it('reads one-record messages of older producers and terminates a broken frame set without losing the rest', async () => {
        const ns = fresh();
        const producer = await createUsageProducer(base(ns)); // creates the stream
        await producer.close();
        const nc = await connect({ servers: 'nats://127.0.0.1:4222' });
        const js = nc.jetstream();
        const subject = usageStream(ns).subjects[0];
        await js.publish(subject, encodeUsageRecord(record(100))); // older producer: no sy-batch header
        const broken = headers();
        broken.set('sy-batch', '2');
        await js.publish(subject, new Uint8Array([0, 0, 0, 9, 1, 2]), { headers: broken });
        const good = headers();
        good.set('sy-batch', '2');
        await js.publish(subject, encodeFrames([encodeUsageRecord(record(101)), encodeUsageRecord(record(102))]), { headers: good });
        await nc.close();
        const seen = new Set<string>();
        const consumer = await createUsageConsumer({ ...base(ns), group: 'billing' });
        void consumer.run(async (batch) => {
          for (const d of batch) seen.add(d.requestId);
        });
        await waitFor('three records', () => seen.size === 3, { timeoutMs: 10_000 });
        await consumer.close();
        assert.deepEqual([...seen].sort(), ['req-100', 'req-101', 'req-102']);
      });
    }

    it('keeps the buffer bounded and counts what it dropped', async () => {
      const ns = fresh();
      const producer = await createUsageProducer({ ...base(ns), natsUrl: 'nats://127.0.0.1:4222', maxBuffer: 10 });
      for (let i = 0; i < 5_000; i++) producer.send(record(i));
      const stats = producer.stats();
      assert.ok(stats.buffered <= 10);
      assert.equal(stats.sent + stats.buffered + stats.dropped <= 5_000 + 256, true);
      await producer.close();
    });
  });
}
