// Prometheus text exposition with vLLM's metric names, each labelled model_name. Numbers are written the way
// prometheus_client (Python) writes them ("3.0"), so dashboards and parsers built against vLLM read them. Pure.
import type { EngineSimCounters, HistogramSnapshot } from './engine-sim.stats';

export interface MetricsSnapshot {
  model: string;
  running: number;
  waiting: number;
  /** 0..1 */
  cacheUsage: number;
  counters: EngineSimCounters;
  ttft: HistogramSnapshot;
}

/** Python's float repr for the values we emit: integers get ".0". */
export function promFloat(value: number): string {
  if (value === Infinity) return '+Inf';
  return Number.isInteger(value) ? `${value}.0` : String(value);
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

export function formatMetrics(snapshot: MetricsSnapshot): string {
  const label = `model_name="${escapeLabel(snapshot.model)}"`;
  const lines: string[] = [];
  const single = (name: string, type: 'gauge' | 'counter', help: string, value: number) => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, `${name}{${label}} ${promFloat(value)}`);
  };
  single('vllm:num_requests_running', 'gauge', 'Number of requests in model execution batches.', snapshot.running);
  single('vllm:num_requests_waiting', 'gauge', 'Number of requests waiting to be processed.', snapshot.waiting);
  single('vllm:gpu_cache_usage_perc', 'gauge', 'GPU KV-cache usage. 1 means 100 percent usage.', snapshot.cacheUsage);
  single('vllm:prompt_tokens_total', 'counter', 'Number of prefill tokens processed.', snapshot.counters.promptTokens);
  single('vllm:generation_tokens_total', 'counter', 'Number of generation tokens processed.', snapshot.counters.generationTokens);

  const ttft = snapshot.ttft;
  const name = 'vllm:time_to_first_token_seconds';
  lines.push(`# HELP ${name} Histogram of time to first token in seconds.`, `# TYPE ${name} histogram`);
  for (let i = 0; i < ttft.bounds.length; i++) {
    lines.push(`${name}_bucket{le="${promFloat(ttft.bounds[i])}",${label}} ${promFloat(ttft.cumulative[i])}`);
  }
  lines.push(`${name}_bucket{le="+Inf",${label}} ${promFloat(ttft.count)}`);
  lines.push(`${name}_count{${label}} ${promFloat(ttft.count)}`, `${name}_sum{${label}} ${promFloat(ttft.sum)}`);

  const success = 'vllm:request_success_total';
  lines.push(`# HELP ${success} Count of successfully processed requests.`, `# TYPE ${success} counter`);
  lines.push(`${success}{finished_reason="stop",${label}} ${promFloat(snapshot.counters.finishedStop)}`);
  lines.push(`${success}{finished_reason="length",${label}} ${promFloat(snapshot.counters.finishedLength)}`);
  return lines.join('\n') + '\n';
}
