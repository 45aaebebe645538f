/** What the scheduler reads from an engine's Prometheus /metrics (vLLM names; engine-sim writes the same). Pure. */
export interface EngineMetrics {
  running: number;
  waiting: number;
  /** 0..1, when the engine reports it. */
  cacheUsage?: number;
}

const WANTED: Record<string, keyof EngineMetrics> = {
  'vllm:num_requests_running': 'running',
  'vllm:num_requests_waiting': 'waiting',
  'vllm:gpu_cache_usage_perc': 'cacheUsage',
};

/**
 * Sums each wanted metric over its label sets (one engine may serve several model names). Lines that are not
 * samples, unknown names, and malformed values are skipped; a missing running/waiting counts as 0.
 * Returns undefined when neither running nor waiting appears (not an engine we understand).
 */
export function parseEngineMetrics(text: string): EngineMetrics | undefined {
  const sums: Partial<Record<keyof EngineMetrics, number>> = {};
  for (const line of text.split('\n', 10_000)) {
    if (line.length === 0 || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (!match) continue;
    const key = WANTED[match[1]];
    if (!key) continue;
    const value = Number(match[3]);
    if (!Number.isFinite(value) || value < 0) continue;
    sums[key] = (sums[key] ?? 0) + value;
  }
  if (sums.running === undefined && sums.waiting === undefined) return undefined;
  return { running: sums.running ?? 0, waiting: sums.waiting ?? 0, ...(sums.cacheUsage !== undefined ? { cacheUsage: sums.cacheUsage } : {}) };
}
