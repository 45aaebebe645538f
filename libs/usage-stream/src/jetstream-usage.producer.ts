import { createHash } from 'node:crypto';
import { headers as natsHeaders, type JetStreamClient, type NatsConnection } from 'nats';
import { namespacedSubject, USAGE_TOPIC, type UsageRecordInput } from '@switchyard/contracts';
import { encodeUsageRecordFast } from './usage-record.encoder';
import type { Logger } from '@switchyard/observability';
import { BoundedBuffer } from './bounded-buffer';
import { BATCH_HEADER, encodeFrames, groupForFrames, MAX_RECORDS_PER_MESSAGE } from './usage-frames';
import { connectUsageNats, ensureUsageStream, usageStream } from './jetstream.connection';
import type { UsageProducer, UsageProducerStats, UsageStreamOptions } from './usage-stream.port';

const BATCH = 1_024;
/** How long a partial frame set waits for more records. */
const LINGER_MS = 20;

interface EncodedRecord {
  requestId: string;
  workspaceId: string;
  bytes: Uint8Array;
}
const MAX_BACKOFF_MS = 5_000;

/**
 * Usage records to JetStream in frame sets (header `sy-batch`: many records per message, see usage-frames.ts). A background loop drains the buffer; on a
 * failure the batch goes back to the front and the loop backs off.
 */
export class JetStreamUsageProducer implements UsageProducer {
  private readonly buffer: BoundedBuffer<EncodedRecord>;
  private readonly subject: string;
  private sent = 0;
  private failedAttempts = 0;
  private invalid = 0;
  private inFlight = 0;
  private running = true;
  private wake: (() => void) | undefined;
  private loop: Promise<void>;
  private lastDropLog = 0;

  private constructor(
    private readonly nc: NatsConnection,
    private readonly js: JetStreamClient,
    namespace: string,
    private readonly logger: Logger,
    maxBuffer: number,
  ) {
    this.buffer = new BoundedBuffer(maxBuffer);
    this.subject = namespacedSubject(namespace, USAGE_TOPIC);
    this.loop = this.drain();
  }

  static async create(opts: UsageStreamOptions): Promise<JetStreamUsageProducer> {
    const namespace = opts.namespace ?? '';
    const nc = await connectUsageNats(opts.natsUrl ?? 'nats://127.0.0.1:4222', `${opts.clientId}-usage`);
    await ensureUsageStream(await nc.jetstreamManager(), usageStream(namespace));
    return new JetStreamUsageProducer(nc, nc.jetstream(), namespace, opts.logger, opts.maxBuffer ?? 100_000);
  }

  send(record: UsageRecordInput): void {
    let bytes: Uint8Array;
    try {
      bytes = encodeUsageRecordFast(record);
    } catch (error) {
      // A record that breaks the contract would poison every retry: count it and say why, once per record.
      this.invalid++;
      this.logger.error({ requestId: record.requestId, err: (error as Error).message }, 'invalid usage record refused');
      return;
    }
    const before = this.buffer.dropped;
    this.buffer.push({ requestId: record.requestId, workspaceId: record.workspaceId, bytes });
    if (this.buffer.dropped !== before) this.reportDrops();
    this.wake?.();
  }

  stats(): UsageProducerStats {
    return { buffered: this.buffer.length, sent: this.sent, dropped: this.buffer.dropped, failedAttempts: this.failedAttempts, invalid: this.invalid };
  }

  async flush(timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while ((this.buffer.length > 0 || this.inFlight > 0) && Date.now() < deadline) {
      this.wake?.();
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  async close(): Promise<void> {
    await this.flush();
    this.running = false;
    this.wake?.();
    await this.loop;
    if (this.buffer.length > 0) this.logger.warn({ unsent: this.buffer.length }, 'usage records not delivered at shutdown');
    await this.nc.drain().catch(() => undefined);
  }

  private async drain(): Promise<void> {
    let backoff = 100;
    while (this.running) {
      if (this.buffer.length === 0) {
        await new Promise<void>((resolve) => {
          this.wake = resolve;
          setTimeout(resolve, 1_000).unref();
        });
        this.wake = undefined;
        continue;
      }
      // Linger briefly while the buffer cannot fill a frame set: fewer, fuller messages (one acknowledgement
      // each) at low request rates too. Nothing waits on this but the record itself.
      if (this.running && this.buffer.length < MAX_RECORDS_PER_MESSAGE) await new Promise((r) => setTimeout(r, LINGER_MS));
      const batch = this.buffer.take(BATCH);
      this.inFlight = batch.length;
      try {
        await this.publishBatch(batch);
        this.sent += batch.length;
        this.inFlight = 0;
        backoff = 100;
      } catch (error) {
        this.failedAttempts++;
        this.inFlight = 0;
        this.buffer.unshift(batch);
        this.logger.warn({ err: (error as Error).message, buffered: this.buffer.length, retryInMs: backoff }, 'usage stream publish failed; will retry');
        await new Promise((r) => setTimeout(r, backoff));
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
      }
    }
  }

  /**
   * Publishes the batch as frame sets (up to 256 records per message: one acknowledgement each instead of one
   * per record), concurrently, and waits for every acknowledgement; any failure fails the batch. The message id
   * is a digest of the request ids it carries, so a retried frame set is deduplicated by the stream; billing
   * deduplicates per request id whatever the grouping.
   */
  private async publishBatch(batch: readonly EncodedRecord[]): Promise<void> {
    const acks = groupForFrames(batch).map((group) => {
      const h = natsHeaders();
      h.set(BATCH_HEADER, String(group.length));
      const digest = createHash('sha256');
      for (const r of group) digest.update(r.requestId).update('\n');
      return this.js.publish(this.subject, encodeFrames(group.map((r) => r.bytes)), { msgID: digest.digest('hex'), headers: h, timeout: 5_000 });
    });
    const results = await Promise.allSettled(acks);
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
  }

  private reportDrops(): void {
    const now = Date.now();
    if (now - this.lastDropLog < 10_000) return;
    this.lastDropLog = now;
    this.logger.error({ dropped: this.buffer.dropped, capacity: this.buffer.capacity }, 'usage buffer full: oldest records dropped');
  }
}
