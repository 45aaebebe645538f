/** One observed outcome: an active probe or a request the gateway made. */
export interface Sample {
  at: number;
  ok: boolean;
  latencyMs: number;
}

export interface WindowStats {
  count: number;
  errorRate: number;
  p50Ms?: number;
  p95Ms?: number;
  p99Ms?: number;
}

/** A bounded sliding window of samples (by time and by count) with percentiles computed on demand. */
export class LatencyWindow {
  private samples: Sample[] = [];

  constructor(
    private readonly windowMs: number,
    private readonly maxSamples = 512,
  ) {}

  add(sample: Sample): void {
    this.samples.push(sample);
    if (this.samples.length > this.maxSamples) this.samples.splice(0, this.samples.length - this.maxSamples);
  }

  stats(now: number): WindowStats {
    const from = now - this.windowMs;
    let firstInWindow = 0;
    while (firstInWindow < this.samples.length && this.samples[firstInWindow].at < from) firstInWindow++;
    if (firstInWindow > 0) this.samples.splice(0, firstInWindow);
    const count = this.samples.length;
    if (count === 0) return { count: 0, errorRate: 0 };
    const errors = this.samples.reduce((n, s) => n + (s.ok ? 0 : 1), 0);
    const latencies = this.samples.filter((s) => s.ok).map((s) => s.latencyMs).sort((a, b) => a - b);
    return {
      count,
      errorRate: errors / count,
      p50Ms: percentile(latencies, 0.5),
      p95Ms: percentile(latencies, 0.95),
      p99Ms: percentile(latencies, 0.99),
    };
  }
}

/** Nearest-rank percentile of an ascending array; undefined when empty. */
export function percentile(sorted: readonly number[], q: number): number | undefined {
  if (sorted.length === 0) return undefined;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1];
}
