// kafkajs is loaded only when Kafka is the usage engine (KAFKA_BROKERS set): a JetStream gateway or billing does not
// pay for its modules (~3 MB of heap, ~10 MB RSS with their compiled code).
import type { Consumer, Kafka, Producer } from 'kafkajs';
import { decodeUsageRecord, USAGE_TOPIC, type UsageRecordInput } from '@switchyard/contracts';
import { encodeUsageRecordFast } from './usage-record.encoder';
import type { Logger } from '@switchyard/observability';
import { BoundedBuffer } from './bounded-buffer';
import type { UsageConsumer, UsageConsumerOptions, UsageDelivery, UsageProducer, UsageProducerStats, UsageStreamOptions } from './usage-stream.port';

const BATCH = 500;

async function kafkaFor(opts: UsageStreamOptions): Promise<Kafka> {
  const { Kafka, logLevel } = await import('kafkajs');
  return new Kafka({ clientId: opts.clientId, brokers: opts.kafkaBrokers ?? [], logLevel: logLevel.WARN, retry: { retries: 8 } });
}

/** The Kafka topic under a test namespace (`<ns>.usage.records.v1`), the plain topic in production. */
function topicFor(namespace: string | undefined): string {
  return namespace ? `${namespace}.${USAGE_TOPIC}` : USAGE_TOPIC;
}

/** Usage records to Kafka: idempotent producer, keyed by workspace (one partition keeps a workspace's order). */
export class KafkaUsageProducer implements UsageProducer {
  private readonly buffer: BoundedBuffer<{ key: string; value: Buffer; requestId: string }>;
  private sent = 0;
  private failedAttempts = 0;
  private invalid = 0;
  private inFlight = 0;
  private running = true;
  private loop: Promise<void>;

  private constructor(private readonly producer: Producer, private readonly topic: string, private readonly logger: Logger, maxBuffer: number) {
    this.buffer = new BoundedBuffer(maxBuffer);
    this.loop = this.drain();
  }

  static async create(opts: UsageStreamOptions): Promise<KafkaUsageProducer> {
    const producer = (await kafkaFor(opts)).producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    return new KafkaUsageProducer(producer, topicFor(opts.namespace), opts.logger, opts.maxBuffer ?? 100_000);
  }

  send(record: UsageRecordInput): void {
    try {
      this.buffer.push({ key: record.workspaceId, value: Buffer.from(encodeUsageRecordFast(record)), requestId: record.requestId });
    } catch (error) {
      this.invalid++;
      this.logger.error({ requestId: record.requestId, err: (error as Error).message }, 'invalid usage record refused');
    }
  }

  stats(): UsageProducerStats {
    return { buffered: this.buffer.length, sent: this.sent, dropped: this.buffer.dropped, failedAttempts: this.failedAttempts, invalid: this.invalid };
  }

  async flush(timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while ((this.buffer.length > 0 || this.inFlight > 0) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  }

  async close(): Promise<void> {
    await this.flush();
    this.running = false;
    await this.loop;
    await this.producer.disconnect();
  }

  private async drain(): Promise<void> {
    let backoff = 100;
    while (this.running) {
      const batch = this.buffer.take(BATCH);
      if (batch.length === 0) {
        await new Promise((r) => setTimeout(r, 20));
        continue;
      }
      this.inFlight = batch.length;
      try {
        await this.producer.send({
          topic: this.topic,
          messages: batch.map((m) => ({ key: m.key, value: m.value, headers: { 'sy-request-id': m.requestId } })),
        });
        this.sent += batch.length;
        this.inFlight = 0;
        backoff = 100;
      } catch (error) {
        this.failedAttempts++;
        this.inFlight = 0;
        this.buffer.unshift(batch);
        this.logger.warn({ err: (error as Error).message, retryInMs: backoff }, 'kafka usage send failed; will retry');
        await new Promise((r) => setTimeout(r, backoff));
        backoff = Math.min(backoff * 2, 5_000);
      }
    }
  }
}

/** Consumer group over the usage topic; offsets are committed only after the handler resolved (ledger commit). */
export class KafkaUsageConsumer implements UsageConsumer {
  private constructor(private readonly consumer: Consumer, private readonly topic: string, private readonly logger: Logger) {}

  static async create(opts: UsageConsumerOptions): Promise<KafkaUsageConsumer> {
    const consumer = (await kafkaFor(opts)).consumer({ groupId: opts.group, maxBytesPerPartition: 4 * 1024 * 1024 });
    await consumer.connect();
    const topic = topicFor(opts.namespace);
    await consumer.subscribe({ topic, fromBeginning: true });
    return new KafkaUsageConsumer(consumer, topic, opts.logger);
  }

  async run(handler: (batch: UsageDelivery[]) => Promise<void>): Promise<void> {
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, commitOffsetsIfNecessary, heartbeat }) => {
        const deliveries: UsageDelivery[] = [];
        for (const message of batch.messages) {
          if (!message.value) continue;
          try {
            const record = decodeUsageRecord(new Uint8Array(message.value));
            deliveries.push({ record, requestId: record.requestId, redelivered: false });
          } catch (error) {
            this.logger.error({ offset: message.offset, err: (error as Error).message }, 'undecodable usage message skipped');
          }
        }
        if (deliveries.length > 0) await handler(deliveries); // a throw: kafkajs retries the batch from the last commit
        const last = batch.messages[batch.messages.length - 1];
        if (last) resolveOffset(last.offset);
        await commitOffsetsIfNecessary({ topics: [{ topic: this.topic, partitions: [{ partition: batch.partition, offset: (BigInt(batch.lastOffset()) + 1n).toString() }] }] });
        await heartbeat();
      },
    });
  }

  async close(): Promise<void> {
    await this.consumer.disconnect();
  }
}
