import { parseEngineMetrics, type EngineMetrics } from '../domain/engine-metrics';
import { instanceUrl } from './runtime-driver';

const MAX_METRICS_BYTES = 1024 * 1024;

/** Reads an engine's /metrics; undefined when it does not answer in time or is not an engine we understand. */
export async function readEngineMetrics(baseUrl: string, timeoutMs = 1_000): Promise<EngineMetrics | undefined> {
  try {
    const res = await fetch(instanceUrl(baseUrl, '/metrics'), { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) {
      await res.body?.cancel();
      return undefined;
    }
    const text = await res.text();
    return parseEngineMetrics(text.length > MAX_METRICS_BYTES ? text.slice(0, MAX_METRICS_BYTES) : text);
  } catch {
    return undefined;
  }
}
