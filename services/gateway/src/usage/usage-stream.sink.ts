// The usage stream (@switchyard/usage-stream: JetStream by default, Kafka when KAFKA_BROKERS is set) as a UsageSink.
import { createUsageProducer, type UsageProducer } from '@switchyard/usage-stream';
import type { UsageRecordInput } from '@switchyard/contracts';
import type { Logger } from '@switchyard/observability';
import type { UsageSink } from './usage.sink';

export class UsageStreamSink implements UsageSink {
  private constructor(private readonly producer: UsageProducer) {}

  static async create(opts: { natsUrl: string; namespace: string; kafkaBrokers: string[]; logger: Logger; clientId: string }): Promise<UsageStreamSink> {
    return new UsageStreamSink(await createUsageProducer(opts));
  }

  send(record: UsageRecordInput): void {
    this.producer.send(record);
  }

  stats(): { buffered: number; sent: number; dropped: number } {
    const s = this.producer.stats();
    return { buffered: s.buffered, sent: s.sent, dropped: s.dropped };
  }

  async close(): Promise<void> {
    await this.producer.flush(3_000).catch(() => undefined);
    await this.producer.close();
  }
}
