// What one bench run measures: modes, connection counts, durations, request bodies. Read from the environment
// once (BENCH_SECONDS, BENCH_PROBE_SECONDS, BENCH_CONNECTIONS, BENCH_TARGETS). Pure.
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
