import type { Logger } from '@switchyard/observability';

/** Options of the JetStream transport (JetStreamServer). */
export interface JetStreamServerOptions {
  url: string;
  namespace?: string;
  /** Connection name (`<service>-events`) and dead-letter header. */
  service: string;
  /** Durable consumer name: replicas with the same name share the work. Undefined = ephemeral, per process. */
  durable?: string;
  /** Attempts before a message goes to the dead-letter subject (default 5). */
  maxDeliver?: number;
  /** Time a handler has before the server redelivers (default 30 s). */
  ackWaitMs?: number;
  /** Start at new messages only. Default false for durables (start at the first stored message), true otherwise. */
  deliverNew?: boolean;
  /** Messages handled at once (default 16); events of one aggregate are always handled one after the other. */
  concurrency?: number;
  /** First redelivery delay after a failure, doubled each time (default 1000 ms), capped by maxRetryDelayMs (30 s). */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
  /** Create or update the Control and DeadLetter streams at start (default true). */
  provisionStreams?: boolean;
  reconnectTimeWaitMs?: number;
  /** How often the consumer's existence is checked, to recreate it when deleted or expired (default 30 s). */
  consumerCheckMs?: number;
  /** How long close() waits for running handlers (default 10 s). */
  closeTimeoutMs?: number;
  logger?: Logger;
}
