// The usage stream port (gateway produces, billing consumes) with its JetStream and Kafka adapters.
// Must not depend on any service; only nats, kafkajs and @switchyard/contracts.
import { JetStreamUsageConsumer } from './jetstream-usage.consumer';
import { JetStreamUsageProducer } from './jetstream-usage.producer';
import { KafkaUsageConsumer, KafkaUsageProducer } from './kafka-usage.adapter';
import type { UsageConsumer, UsageConsumerOptions, UsageProducer, UsageStreamOptions } from './usage-stream.port';

export * from './usage-stream.port';
export { BoundedBuffer } from './bounded-buffer';
export { usageStream } from './jetstream.connection';
export { JetStreamUsageProducer, JetStreamUsageConsumer, KafkaUsageProducer, KafkaUsageConsumer };

/** Which engine carries usage records: Kafka when brokers are given, else JetStream. */
export function usageEngine(opts: Pick<UsageStreamOptions, 'kafkaBrokers'>): 'kafka' | 'jetstream' {
  return opts.kafkaBrokers && opts.kafkaBrokers.length > 0 ? 'kafka' : 'jetstream';
}

export async function createUsageProducer(opts: UsageStreamOptions): Promise<UsageProducer> {
  return usageEngine(opts) === 'kafka' ? KafkaUsageProducer.create(opts) : JetStreamUsageProducer.create(opts);
}

export async function createUsageConsumer(opts: UsageConsumerOptions): Promise<UsageConsumer> {
  return usageEngine(opts) === 'kafka' ? KafkaUsageConsumer.create(opts) : JetStreamUsageConsumer.create(opts);
}
