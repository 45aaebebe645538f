import type { Logger } from '@switchyard/observability';
import type { UsageRecordInput } from '@switchyard/contracts';

/** Producer side of the usage stream: the gateway. Never blocks a response, never throws. */
export interface UsageProducer {
  /** Appends to a bounded buffer flushed in batches with retries; when full, the oldest records are dropped and counted. */
  send(record: UsageRecordInput): void;
  stats(): UsageProducerStats;
  /** Waits until the buffer is empty (or the timeout passes). */
  flush(timeoutMs?: number): Promise<void>;
  /** Flushes (bounded) and disconnects. */
  close(): Promise<void>;
}

export interface UsageProducerStats {
  buffered: number;
  sent: number;
  dropped: number;
  failedAttempts: number;
  /** Records refused at send() because they break the UsageRecord contract (a bug in the producer). */
  invalid: number;
}

/** One record as the consumer receives it. */
export interface UsageDelivery {
  record: UsageRecordInput;
  requestId: string;
  /** True when the engine says this message was delivered before (billing deduplicates by request id anyway). */
  redelivered: boolean;
}

/** Consumer side: billing. At least once: acknowledged (or offsets committed) only after the handler resolves. */
export interface UsageConsumer {
  /** Runs until close(): calls the handler with batches; a throw makes the whole batch come again. */
  run(handler: (batch: UsageDelivery[]) => Promise<void>): Promise<void>;
  close(): Promise<void>;
}

export interface UsageStreamOptions {
  /** NATS server URL for the JetStream adapter (default nats://127.0.0.1:4222). */
  natsUrl?: string;
  /** Test isolation: subjects and stream names are namespaced (see @switchyard/contracts namespacedStream). */
  namespace?: string;
  /** When non-empty, the Kafka adapter is used instead of JetStream. */
  kafkaBrokers?: string[];
  logger: Logger;
  /** Connection / client name, e.g. "gateway-1". */
  clientId: string;
  /** Producer buffer bound (records). Default 100,000. */
  maxBuffer?: number;
}

export interface UsageConsumerOptions extends UsageStreamOptions {
  /** Consumer group (Kafka) / durable consumer name (JetStream), e.g. "billing". */
  group: string;
  /** Largest batch handed to the handler. Default 500. */
  batchSize?: number;
}
