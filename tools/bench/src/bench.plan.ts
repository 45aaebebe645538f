// What one bench run measures: modes, connection counts, durations, request bodies. Read from the environment
// once (BENCH_SECONDS, BENCH_PROBE_SECONDS, BENCH_CONNECTIONS, BENCH_TARGETS, BENCH_MEMORY_*). Pure.
import type { BenchMode } from './results.table';

export interface BenchPlan {
  modes: BenchMode[];
  connections: number[];
  /** wrk duration per cell. */
  seconds: number;
  /** TTFT probe duration per streaming cell (0 = no probe). */
  probeSeconds: number;
  /** Warm-up per target before its cells (not recorded). */
  warmupSeconds: number;
  targets: string[];
  model: string;
  maxTokens: number;
  memory: MemoryPlan;
}

/** The memory phase after each target's cells: N streams held open at once through it, its RSS sampled. */
export interface MemoryPlan {
  /** Concurrent streams (0 = no memory phase). */
  streams: number;
  /** How long the engine takes per stream during the phase (it paces its tokens over this). */
  streamSeconds: number;
  /** The client starts its streams evenly over this many ms (no connect storm against one listen backlog). */
  rampMs: number;
  /** RSS sampling period. */
  sampleIntervalMs: number;
  /**
   * The gateway is measured a second time, restarted with GATEWAY_UPSTREAM_CONNECTIONS at this value, so every
   * client stream is an upstream stream too (0 = only the configured cap).
   */
  gatewayUpstreamConnections: number;
}

export const ALL_TARGETS = ['direct', 'nginx', 'portkey', 'gateway'];

function positive(raw: string | undefined, fallback: number, name: string, allowZero = false): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) throw new Error(`${name} must be a ${allowZero ? 'number >= 0' : 'positive number'}, got "${raw}"`);
  return value;
}

export function planFromEnv(env: NodeJS.ProcessEnv): BenchPlan {
  const connections = (env.BENCH_CONNECTIONS || '1,50').split(',').map((c) => positive(c.trim(), 1, 'BENCH_CONNECTIONS'));
  if (connections.some((c) => !Number.isInteger(c))) throw new Error('BENCH_CONNECTIONS must be a comma-separated list of integers');
  const targets = (env.BENCH_TARGETS || ALL_TARGETS.join(',')).split(',').map((t) => t.trim()).filter(Boolean);
  const unknown = targets.filter((t) => !ALL_TARGETS.includes(t));
  if (unknown.length > 0) throw new Error(`BENCH_TARGETS: unknown ${unknown.join(', ')} (known: ${ALL_TARGETS.join(', ')})`);
  return {
    modes: ['non-stream', 'stream'],
    connections,
    seconds: positive(env.BENCH_SECONDS, 5, 'BENCH_SECONDS'),
    probeSeconds: positive(env.BENCH_PROBE_SECONDS, 3, 'BENCH_PROBE_SECONDS', true),
    warmupSeconds: positive(env.BENCH_WARMUP_SECONDS, 4, 'BENCH_WARMUP_SECONDS', true),
    targets: targets.includes('direct') ? targets : ['direct', ...targets],
    model: 'bench-model',
    maxTokens: 16,
    memory: memoryPlanFromEnv(env),
  };
}

function memoryPlanFromEnv(env: NodeJS.ProcessEnv): MemoryPlan {
  const streams = positive(env.BENCH_MEMORY_STREAMS, 1000, 'BENCH_MEMORY_STREAMS', true);
  const cap = positive(env.BENCH_MEMORY_UPSTREAM_CONNECTIONS, Math.max(streams, 1), 'BENCH_MEMORY_UPSTREAM_CONNECTIONS', true);
  if (!Number.isInteger(streams)) throw new Error('BENCH_MEMORY_STREAMS must be an integer');
  if (!Number.isInteger(cap)) throw new Error('BENCH_MEMORY_UPSTREAM_CONNECTIONS must be an integer');
  return {
    streams,
    streamSeconds: positive(env.BENCH_MEMORY_STREAM_SECONDS, 3.2, 'BENCH_MEMORY_STREAM_SECONDS'),
    rampMs: positive(env.BENCH_MEMORY_RAMP_MS, 1000, 'BENCH_MEMORY_RAMP_MS', true),
    sampleIntervalMs: 50,
    gatewayUpstreamConnections: cap,
  };
}

export function chatBody(plan: Pick<BenchPlan, 'model' | 'maxTokens'>, mode: BenchMode): string {
  return JSON.stringify({
    model: plan.model,
    messages: [{ role: 'user', content: 'Measure what a proxy adds in front of an inference engine.' }],
    max_tokens: plan.maxTokens,
    ...(mode === 'stream' ? { stream: true } : {}),
  });
}
