export interface RetryBudgetOptions {
  /** Retries allowed per request over the window (default 0.2). */
  ratio?: number;
  /** Retries always allowed per second, so low traffic can still retry (default 3). */
  minRetriesPerSecond?: number;
  /** Sliding window length (default 10 s). */
  windowMs?: number;
}

const BUCKETS = 10;

/**
 * Envoy-style retry budget: a retry is allowed only while retries / requests over the sliding window stay within
 * `ratio`, with a floor of `minRetriesPerSecond` x window seconds. During an outage this caps the extra load retries
 * add to ratio x traffic instead of multiplying it. The window is 10 buckets; time is passed in (no timers), and
 * time going backwards is treated as "now" (a monotonic clock is expected).
 */
export class RetryBudget {
  readonly ratio: number;
  readonly minRetriesPerSecond: number;
  readonly windowMs: number;
  private readonly bucketMs: number;
  private readonly epochs = new Float64Array(BUCKETS).fill(-1);
  private readonly requests = new Float64Array(BUCKETS);
  private readonly retries = new Float64Array(BUCKETS);
  private lastEpoch = -1;

  constructor(opts: RetryBudgetOptions = {}) {
    this.ratio = positiveOr(opts.ratio, 0.2, true);
    this.minRetriesPerSecond = positiveOr(opts.minRetriesPerSecond, 3, true);
    this.windowMs = Math.max(BUCKETS, positiveOr(opts.windowMs, 10_000, false));
    this.bucketMs = this.windowMs / BUCKETS;
  }

  recordRequest(nowMs: number): void {
    this.requests[this.bucket(nowMs)] += 1;
  }

  /** True (and the retry is counted) when the budget allows one more retry now. */
  tryAcquireRetry(nowMs: number): boolean {
    const slot = this.bucket(nowMs);
    let requests = 0;
    let retries = 0;
    for (let i = 0; i < BUCKETS; i++) {
      if (this.epochs[i] > this.lastEpoch - BUCKETS) {
        requests += this.requests[i];
        retries += this.retries[i];
      }
    }
    const allowed = Math.max(this.ratio * requests, (this.minRetriesPerSecond * this.windowMs) / 1000);
    if (retries + 1 > allowed) return false;
    this.retries[slot] += 1;
    return true;
  }

  private bucket(nowMs: number): number {
    let epoch = Number.isFinite(nowMs) ? Math.floor(nowMs / this.bucketMs) : this.lastEpoch;
    if (epoch < this.lastEpoch) epoch = this.lastEpoch;
    this.lastEpoch = epoch;
    const slot = ((epoch % BUCKETS) + BUCKETS) % BUCKETS;
    if (this.epochs[slot] !== epoch) {
      this.epochs[slot] = epoch;
      this.requests[slot] = 0;
      this.retries[slot] = 0;
    }
    return slot;
  }
}

function positiveOr(value: number | undefined, fallback: number, allowZero: boolean): number {
  if (value === undefined || !Number.isFinite(value)) return fallback;
  return value > 0 || (allowZero && value === 0) ? value : fallback;
}
