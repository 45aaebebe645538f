// Where usage records go: the usage stream when available (adapter over @switchyard/usage-stream), else a logging
// fallback so the gateway works without it. `send` never blocks and never throws.
import type { UsageRecordInput } from '@switchyard/contracts';
import type { Logger } from '@switchyard/observability';

export interface UsageSink {
  send(record: UsageRecordInput): void;
  stats(): { buffered: number; sent: number; dropped: number };
  close(): Promise<void>;
}

export const USAGE_SINK = Symbol('gateway.usage-sink');

/** Fallback: one debug log line per record (no secrets: records carry ids and counts only). */
export class LoggingUsageSink implements UsageSink {
  private sent = 0;
  constructor(private readonly logger: Logger) {}
  send(record: UsageRecordInput): void {
    this.sent++;
    this.logger.debug({ usage: record }, 'usage record (no usage stream configured)');
  }
  stats(): { buffered: number; sent: number; dropped: number } {
    return { buffered: 0, sent: this.sent, dropped: 0 };
  }
  async close(): Promise<void> {}
}

/** Keeps records in memory (tests, diagnostics); bounded. */
export class MemoryUsageSink implements UsageSink {
  readonly records: UsageRecordInput[] = [];
  private dropped = 0;
  constructor(private readonly max = 100_000) {}
  send(record: UsageRecordInput): void {
    if (this.records.length >= this.max) {
      this.records.shift();
      this.dropped++;
    }
    this.records.push(record);
  }
  stats(): { buffered: number; sent: number; dropped: number } {
    return { buffered: 0, sent: this.records.length, dropped: this.dropped };
  }
  async close(): Promise<void> {}
}
