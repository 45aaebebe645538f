import { AckPolicy, DeliverPolicy, nanos, type Consumer, type JsMsg, type NatsConnection } from 'nats';
import { decodeUsageRecord, namespacedSubject, USAGE_TOPIC } from '@switchyard/contracts';
import type { Logger } from '@switchyard/observability';
import { connectUsageNats, ensureUsageStream, usageStream } from './jetstream.connection';
import { BATCH_HEADER, decodeFrames } from './usage-frames';
import type { UsageConsumer, UsageConsumerOptions, UsageDelivery } from './usage-stream.port';

const ACK_WAIT_MS = 60_000;
const FETCH_EXPIRES_MS = 1_000;

/**
 * A durable pull consumer on the usage stream: replicas with the same group share the records. A batch is acked
 * only after the handler resolves (the ledger committed); a throw naks the batch for redelivery after a delay.
 * A message that is not a UsageRecord is terminated and logged: it can never succeed.
 */
export class JetStreamUsageConsumer implements UsageConsumer {
  private running = true;
  private readonly fetchMessages: number;
  private stopped: Promise<void> | undefined;

  private constructor(
    private readonly nc: NatsConnection,
    private readonly consumer: Consumer,
    private readonly logger: Logger,
    private readonly batchSize: number,
  ) {
    this.fetchMessages = Math.max(1, Math.ceil(batchSize / 64));
  }

  static async create(opts: UsageConsumerOptions): Promise<JetStreamUsageConsumer> {
    const namespace = opts.namespace ?? '';
    const nc = await connectUsageNats(opts.natsUrl ?? 'nats://127.0.0.1:4222', `${opts.clientId}-usage-consumer`);
    const jsm = await nc.jetstreamManager();
    const stream = usageStream(namespace);
    await ensureUsageStream(jsm, stream);
    const batchSize = opts.batchSize ?? 500;
    const config = {
      durable_name: opts.group,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: namespacedSubject(namespace, USAGE_TOPIC),
      ack_wait: nanos(ACK_WAIT_MS),
      max_ack_pending: Math.max(batchSize * 4, 1_000),
    };
    try {
      await jsm.consumers.info(stream.name, opts.group);
      await jsm.consumers.update(stream.name, opts.group, { ack_wait: config.ack_wait, max_ack_pending: config.max_ack_pending });
    } catch {
      await jsm.consumers.add(stream.name, config);
    }
    const consumer = await nc.jetstream().consumers.get(stream.name, opts.group);
    return new JetStreamUsageConsumer(nc, consumer, opts.logger, batchSize);
  }

  run(handler: (batch: UsageDelivery[]) => Promise<void>): Promise<void> {
    this.stopped = this.loop(handler);
    return this.stopped;
  }

  async close(): Promise<void> {
    this.running = false;
    await this.stopped?.catch(() => undefined);
    await this.nc.drain().catch(() => undefined);
  }

  private async loop(handler: (batch: UsageDelivery[]) => Promise<void>): Promise<void> {
    let backoff = 200;
    while (this.running) {
      let msgs: JsMsg[] = [];
      try {
        // Bounded by bytes too: one message may carry up to 256 records (~150 bytes each).
        // A message carries up to 256 records: fetch few enough messages that a batch stays near batchSize records.
        const iter = await this.consumer.fetch({ max_messages: this.fetchMessages, expires: FETCH_EXPIRES_MS });
        for await (const m of iter) msgs.push(m);
      } catch (error) {
        if (!this.running) break;
        this.logger.warn({ err: (error as Error).message }, 'usage fetch failed; retrying');
        await sleep(backoff);
        backoff = Math.min(backoff * 2, 5_000);
        continue;
      }
      backoff = 200;
      if (msgs.length === 0) continue;
      const batch: UsageDelivery[] = [];
      const good: JsMsg[] = [];
      for (const m of msgs) {
        try {
          // A frame set (sy-batch) or, from older producers, one record per message.
          const frames = m.headers?.get(BATCH_HEADER) ? decodeFrames(m.data) : [m.data];
          const records = frames.map((f) => decodeUsageRecord(f));
          for (const record of records) batch.push({ record, requestId: record.requestId, redelivered: m.redelivered });
          good.push(m);
        } catch (error) {
          this.logger.error({ seq: m.seq, err: (error as Error).message }, 'undecodable usage message terminated');
          m.term();
        }
      }
      msgs = good;
      if (batch.length === 0) continue;
      try {
        await handler(batch);
        for (const m of msgs) m.ack(); // a lost ack only means a redelivery, which the ledger ignores
      } catch (error) {
        this.logger.warn({ err: (error as Error).message, records: batch.length }, 'usage batch failed; redelivering');
        for (const m of msgs) m.nak(1_000);
      }
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
