// Upstream outcome signals published in small batches: the same messages on the same subject, at most
// `maxDelayMs` late, but the NATS client writes them to its socket (and wakes the NATS server) once per batch
// instead of once per request.
import type { UpstreamOutcomeSignal } from '@switchyard/contracts';
import type { OutcomeReporter } from './proxy.types';

export interface BatchOptions {
  /** Longest an outcome waits. Default 10 ms. */
  maxDelayMs?: number;
  /** Published at once when this many are waiting. Default 256. */
  maxBatch?: number;
}

export class BatchedOutcomeReporter implements OutcomeReporter {
  private pending: UpstreamOutcomeSignal[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly maxDelayMs: number;
  private readonly maxBatch: number;

  constructor(
    private readonly publish: (signal: UpstreamOutcomeSignal) => void,
    opts: BatchOptions = {},
  ) {
    this.maxDelayMs = opts.maxDelayMs ?? 10;
    this.maxBatch = opts.maxBatch ?? 256;
  }

  report(signal: UpstreamOutcomeSignal): void {
    this.pending.push(signal);
    if (this.pending.length >= this.maxBatch) this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), this.maxDelayMs);
      this.timer.unref();
    }
  }

  /** Publishes what is waiting now (also at shutdown). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    if (batch.length === 0) return;
    this.pending = [];
    for (const signal of batch) this.publish(signal);
  }
}
