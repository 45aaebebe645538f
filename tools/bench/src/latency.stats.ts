// Percentiles of recorded latencies (nearest rank). Pure.

/** The p-th percentile (0..100) of `values` by nearest rank; NaN for no values. Sorts a copy. */
export function percentile(values: ReadonlyArray<number>, p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export interface LatencySummary {
  count: number;
  p50: number;
  p99: number;
}

export function summarize(values: ReadonlyArray<number>): LatencySummary {
  return { count: values.length, p50: percentile(values, 50), p99: percentile(values, 99) };
}
