// The markdown page a bench run writes (tools/bench/results/latest.md): environment, settings, the table, the
// ratios in words, and what was not measured. Pure.
import type { BenchPlan } from './bench.plan';
import type { MemoryRow } from './memory.stats';
import { formatMemorySection } from './memory.table';
import { BASELINE_TARGET, CellResult, compareToBaseline, formatMarkdownTable, ratio } from './results.table';

export interface RunEnvironment {
  date: string;
  cpus: string;
  /** 1-minute load average when the run started (others' work on the same machine skews results). */
  loadAverage: string;
  node: string;
  wrk: string;
  /** target name -> one-line description */
  targets: Record<string, string>;
}

export interface Unavailable {
  name: string;
  reason: string;
}

export function ratioLines(cells: ReadonlyArray<CellResult>): string[] {
  const lines: string[] = [];
  for (const [cell, comparison] of compareToBaseline(cells)) {
    lines.push(
      `- ${cell.target}, ${cell.mode}, ${cell.connections} conn: ${ratio(comparison.throughputRatio)} direct's req/s, ` +
        `p50 ${comparison.addedP50Ms >= 0 ? '+' : ''}${comparison.addedP50Ms.toFixed(2)} ms, p99 ${comparison.addedP99Ms >= 0 ? '+' : ''}${comparison.addedP99Ms.toFixed(2)} ms`,
    );
  }
  return lines;
}

export function formatResultsPage(
  cells: ReadonlyArray<CellResult>,
  unavailable: ReadonlyArray<Unavailable>,
  plan: BenchPlan,
  env: RunEnvironment,
  memory: ReadonlyArray<MemoryRow> = [],
): string {
  const out: string[] = [
    '# Bench: what a proxy adds in front of an inference engine',
    '',
    `Run ${env.date} with \`npm run bench\`. ${env.cpus} (load average ${env.loadAverage} at start); ${env.node}; ${env.wrk}.`,
    'The load generator, the proxy and the engine share these cores, so read the ratios, not the absolute numbers.',
    '',
    `Engine: tools/engine-sim with every delay at zero, model \`${plan.model}\`, ${plan.maxTokens} completion tokens per answer.`,
    `Each cell: wrk, 1 thread, ${plan.seconds} s, POST /v1/chat/completions (keep-alive); p50/p99 are wrk's (whole answer).`,
    plan.probeSeconds > 0
      ? `In streaming cells a node client (undici, 1 connection, a stream every ~10 ms, ${plan.probeSeconds} s) runs alongside wrk and times the first content token (TTFT) under that load.`
      : 'No TTFT probe in this run.',
    `Each target is warmed up for ${plan.warmupSeconds} s first (not recorded).`,
    '',
    '| target | what runs |',
    '|---|---|',
    ...Object.entries(env.targets).map(([name, description]) => `| ${name} | ${description} |`),
    '',
    formatMarkdownTable(cells),
  ];
  const ratios = ratioLines(cells);
  if (ratios.length > 0) out.push(`Compared with \`${BASELINE_TARGET}\`:`, '', ...ratios, '');
  out.push(...formatMemorySection(memory, plan.memory, plan.maxTokens));
  if (unavailable.length > 0) out.push('Not measured:', '', ...unavailable.map((u) => `- ${u.name}: ${u.reason}`), '');
  return out.join('\n');
}
