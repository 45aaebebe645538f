// Measures one target: a warm-up, then wrk for every (mode, connections) cell, plus the TTFT probe for streams.
import type { BenchPlan } from './bench.plan';
import { chatBody } from './bench.plan';
import type { BenchTarget } from './bench.target';
import type { BenchMode, CellResult } from './results.table';
import { runTtftProbe } from './ttft-probe.runner';
import { runWrk } from './wrk.runner';

/** Pause between two probe requests: about 100 streams/s, small next to the load wrk puts on. */
const PROBE_INTERVAL_MS = 10;

export interface RunnerContext {
  plan: BenchPlan;
  workDir: string;
  /** Called with every finished cell (progress output). */
  onCell(cell: CellResult): void;
}

async function measureCell(target: BenchTarget, mode: BenchMode, connections: number, ctx: RunnerContext): Promise<CellResult> {
  const { plan } = ctx;
  const body = chatBody({ ...plan, model: target.model }, mode);
  const url = `${target.baseUrl}/v1/chat/completions`;
  const base = { target: target.name, mode, connections };
  try {
    // Streams: a paced one-connection probe times the first token while wrk holds the cell's load.
    const probing =
      mode === 'stream' && plan.probeSeconds > 0
        ? runTtftProbe({
            url,
            headers: target.headers,
            body,
            connections: 1,
            intervalMs: PROBE_INTERVAL_MS,
            delayMs: Math.min(500, plan.seconds * 100),
            durationMs: Math.min(plan.probeSeconds, plan.seconds) * 1000,
          })
        : null;
    const [wrk, probe] = await Promise.all([
      runWrk({ url, request: { method: 'POST', headers: target.headers, body }, connections, durationSeconds: plan.seconds, workDir: ctx.workDir }),
      probing,
    ]);
    const cell: CellResult = {
      ...base,
      requests: wrk.requests,
      requestsPerSecond: wrk.requests / (wrk.durationUs / 1e6),
      p50Ms: wrk.p50Us / 1000,
      p99Ms: wrk.p99Us / 1000,
      errors: wrk.statusErrors + wrk.socketErrors,
    };
    if (probe) {
      cell.ttftP50Ms = probe.ttft.p50;
      cell.ttftP99Ms = probe.ttft.p99;
      cell.errors += probe.errors + probe.incomplete;
    }
    return cell;
  } catch (error) {
    return { ...base, requests: 0, requestsPerSecond: 0, p50Ms: 0, p99Ms: 0, errors: 0, failure: error instanceof Error ? error.message : String(error) };
  }
}

/** Every mode at the largest connection count for `seconds` in all (not recorded). */
export async function warmUp(target: BenchTarget, plan: BenchPlan, workDir: string, seconds: number): Promise<void> {
  if (seconds <= 0) return;
  const maxConnections = Math.max(...plan.connections);
  for (const mode of plan.modes) {
    const body = chatBody({ ...plan, model: target.model }, mode);
    await runWrk({
      url: `${target.baseUrl}/v1/chat/completions`,
      request: { method: 'POST', headers: target.headers, body },
      connections: maxConnections,
      durationSeconds: Math.max(1, Math.round(seconds / plan.modes.length)),
      workDir,
    }).catch(() => undefined);
  }
}

export async function benchTarget(target: BenchTarget, ctx: RunnerContext): Promise<CellResult[]> {
  const { plan } = ctx;
  await warmUp(target, plan, ctx.workDir, plan.warmupSeconds);
  const cells: CellResult[] = [];
  for (const mode of plan.modes) {
    for (const connections of plan.connections) {
      const cell = await measureCell(target, mode, connections, ctx);
      ctx.onCell(cell);
      cells.push(cell);
    }
  }
  return cells;
}
