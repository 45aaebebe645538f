// The memory phase for one target: engine-sim paces its streams so `streams` of them are open at once, the
// memory-load client holds them through the target while sampling the target's RSS, then the engine is put back
// to zero delays.
import type { SpawnedEngineSim } from '@switchyard/engine-sim';
import type { BenchPlan } from './bench.plan';
import { chatBody } from './bench.plan';
import type { BenchTarget } from './bench.target';
import { runMemoryLoad } from './memory-load.runner';
import { MemoryRow, failedMemoryRow, summarizeMemory } from './memory.stats';

const IDLE_MS = 500;
const SETTLE_MS = 1000;

export interface MemoryPhaseContext {
  plan: BenchPlan;
  engine: SpawnedEngineSim;
}

export interface MemoryPhaseLabel {
  /** The configuration that matters, for the row. */
  setting: string;
  /** The target's RSS right after it started, kB. */
  startedKb: number | null;
}

export async function measureMemory(target: BenchTarget, { setting, startedKb }: MemoryPhaseLabel, ctx: MemoryPhaseContext): Promise<MemoryRow> {
  const { plan, engine } = ctx;
  const memory = plan.memory;
  const label = { target: target.name, setting, streams: memory.streams, startedKb };
  const pids = target.processIds?.() ?? [];
  if (pids.length === 0) return failedMemoryRow(label, 'the bench did not start this process, so it has no pid to read');
  // TTFT and every inter-token gap alike: the answer takes streamSeconds in all.
  const pacedMs = Math.max(1, Math.round((memory.streamSeconds * 1000) / plan.maxTokens));
  try {
    await engine.control({ ttftMs: pacedMs, itlMs: pacedMs });
    const result = await runMemoryLoad({
      url: `${target.baseUrl}/v1/chat/completions`,
      headers: target.headers,
      body: chatBody({ ...plan, model: target.model }, 'stream'),
      streams: memory.streams,
      rampMs: memory.rampMs,
      pids,
      sampleIntervalMs: memory.sampleIntervalMs,
      idleMs: IDLE_MS,
      settleMs: SETTLE_MS,
      // Room for a proxy that lets only a quarter of them through at a time, and then some.
      timeoutMs: Math.round(memory.rampMs + memory.streamSeconds * 1000 * 8 + 30_000),
      engineControlUrl: `${engine.controlUrl}/control`,
    });
    return summarizeMemory(result, label);
  } catch (error) {
    return failedMemoryRow(label, error instanceof Error ? error.message : String(error));
  } finally {
    await engine.control({ ttftMs: 0, itlMs: 0 }).catch(() => undefined);
  }
}
