import type { Logger } from '@switchyard/observability';

/** One outbox row to publish (the registry's outbox table, in commit order). */
export interface OutboxRow {
  id: bigint;
  eventId: string;
  /** Un-namespaced subject, e.g. 'sy.deployment.scaled'. */
  subject: string;
  /** The envelope as stored: JSON (object or string) or bytes; published as it is. */
  envelope: unknown;
}

export interface OutboxSource {
  fetchUnpublished(limit: number): Promise<OutboxRow[]>;
  markPublished(ids: readonly bigint[]): Promise<void>;
}

export interface OutboxRelayOptions {
  source: OutboxSource;
  /** e.g. (s, b, id) => publisher.publishRaw(s, b, id).then(() => undefined) */
  publish: (subject: string, bytes: Uint8Array, msgId: string) => Promise<void>;
  /** Idle poll interval (default 1000 ms); kick() wakes the relay earlier. */
  pollMs?: number;
  /** Rows per pass (default 100). */
  batchSize?: number;
  /** First back-off after a failure (default 200 ms), doubled up to maxBackoffMs (default 10 s). */
  backoffMs?: number;
  maxBackoffMs?: number;
  logger: Logger;
}

const encoder = new TextEncoder();

/** Pure: the bytes of a stored envelope (JSON text, a JSON value, or bytes as they are). */
export function envelopeBytes(envelope: unknown): Uint8Array {
  if (envelope instanceof Uint8Array) return envelope;
  if (typeof envelope === 'string') return encoder.encode(envelope);
  const json = JSON.stringify(envelope);
  if (json === undefined) throw new TypeError('outbox envelope is not JSON-serialisable');
  return encoder.encode(json);
}

/** Pure: rows in publishing order (ascending id), whatever order the source returned. */
export function publishOrder<R extends { id: bigint }>(rows: readonly R[]): R[] {
  return [...rows].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Pure: the wait after `failures` consecutive failed passes (0 = poll interval). */
export function relayDelayMs(failures: number, pollMs: number, backoffMs: number, maxBackoffMs: number): number {
  if (failures <= 0) return pollMs;
  return Math.min(maxBackoffMs, backoffMs * 2 ** Math.min(failures - 1, 30));
}

/** The outcome of one pass: how many rows were published and the error that stopped it, if any. */
export interface RelayPass {
  fetched: number;
  published: number;
  error?: unknown;
}

/**
 * Publishes outbox rows in ascending id order and marks them published. Stops a pass at the first failure so a
 * later event of an aggregate never overtakes an earlier one, then retries with back-off. Re-publishing a row
 * after a crash is harmless: the event id is the JetStream msgID (deduplicated within the stream's window).
 */
export class OutboxRelay {
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private kicked = false;
  private failures = 0;
  private lag = 0;
  private readonly pollMs: number;
  private readonly batchSize: number;
  private readonly log: Logger;

  constructor(private readonly opts: OutboxRelayOptions) {
    this.pollMs = opts.pollMs ?? 1_000;
    this.batchSize = opts.batchSize ?? 100;
    this.log = opts.logger.child({ component: 'outbox-relay' });
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Stops after the current pass (rows in flight are either published and marked, or left for the next start). */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    this.loop = undefined;
  }

  /** Wakes the relay now (call after committing outbox rows). Ignored while backing off from a failure. */
  kick(): void {
    this.kicked = true;
    if (this.failures === 0) this.wake?.();
  }

  /** Rows seen unpublished at the end of the last pass (0 when caught up). */
  lagging(): number {
    return this.lag;
  }

  /** One pass: fetch a batch, publish in order until the first failure, mark what was published. */
  async runOnce(): Promise<RelayPass> {
    const rows = publishOrder(await this.opts.source.fetchUnpublished(this.batchSize));
    const published: bigint[] = [];
    let error: unknown;
    for (const row of rows) {
      try {
        await this.opts.publish(row.subject, envelopeBytes(row.envelope), row.eventId);
        published.push(row.id);
      } catch (err) {
        error = err;
        break;
      }
    }
    if (published.length > 0) await this.opts.source.markPublished(published);
    this.lag = rows.length - published.length;
    return { fetched: rows.length, published: published.length, error };
  }

  private async run(): Promise<void> {
    while (this.running) {
      this.kicked = false;
      let more = false;
      try {
        const pass = await this.runOnce();
        if (pass.error !== undefined) throw pass.error;
        if (this.failures > 0) this.log.info({ failures: this.failures }, 'outbox relay recovered');
        this.failures = 0;
        more = pass.fetched === this.batchSize;
      } catch (err) {
        this.failures += 1;
        const message = err instanceof Error ? err.message : String(err);
        const level = this.failures === 1 || this.failures % 20 === 0 ? 'warn' : 'debug';
        this.log[level]({ failures: this.failures, lagging: this.lag, err: message }, 'outbox relay pass failed; backing off');
      }
      if (!this.running) break;
      if (more || (this.kicked && this.failures === 0)) continue;
      await this.sleep(relayDelayMs(this.failures, this.pollMs, this.opts.backoffMs ?? 200, this.opts.maxBackoffMs ?? 10_000));
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        if (this.wake === done) this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }
}
