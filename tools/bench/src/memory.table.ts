// The memory phase on the results page and on the console: one row per (target, setting). Pure.
import type { MemoryPlan } from './bench.plan';
import { MemoryRow, memoryVerdict } from './memory.stats';

const mb = (value: number | null) => (value === null ? '–' : value.toFixed(1));
const count = (value: number | null) => (value === null ? '–' : value.toLocaleString('en-US'));

export function formatMemoryConsoleLine(row: MemoryRow): string {
  const name = `memory ${row.target} (${row.setting})`;
  if (row.failure) return `${name}: FAILED ${row.failure}`;
  return (
    `${name}: ${count(row.completed)}/${count(row.streams)} streams completed, at once: open ${count(row.peakOpen)}, ` +
    `streaming ${count(row.peakStreaming)}, at the engine ${count(row.peakEngineInFlight)}; ` +
    `RSS started ${mb(row.startedMb)}, idle ${mb(row.idleMb)} → peak ${mb(row.peakMb)} → after ${mb(row.afterMb)} MB` +
    (row.errors + row.incomplete > 0 ? `; ${row.errors} errors, ${row.incomplete} incomplete${row.firstError ? ` (${row.firstError})` : ''}` : '')
  );
}

export function formatMemorySection(rows: ReadonlyArray<MemoryRow>, plan: MemoryPlan, tokens: number): string[] {
  if (plan.streams === 0) return ['## Memory with concurrent streams', '', 'Not measured in this run (BENCH_MEMORY_STREAMS=0).', ''];
  const streams = plan.streams.toLocaleString('en-US');
  const out = [
    `## Memory with ${streams} concurrent streams`,
    '',
    `After a target's cells, engine-sim paces its answers (${tokens} tokens over ~${plan.streamSeconds} s: TTFT and ITL ` +
      `${Math.round((plan.streamSeconds * 1000) / tokens)} ms, set live through its /control) and a node client (its own process, undici Pool with ` +
      `one connection per stream) starts ${streams} streaming chat completions through the target over ${plan.rampMs} ms and reads every one to \`[DONE]\`. ` +
      `Every ${plan.sampleIntervalMs} ms it reads the target's VmRSS from /proc/<pid>/status (nginx: master + worker, summed) ` +
      `and its own counts. RSS started: right after the bench started the target (one request served), before its cells; ` +
      `idle: median over 0.5 s before the first stream (the target has just run its cells or, restarted, a 2 s warm-up); ` +
      `peak: the largest sample while streams were open; after: 1 s after the last stream ended (no GC forced); ` +
      `highest: the largest sample from the first stream on (peak or after). MB = 10^6 bytes (200 MB = 190.7 MiB).`,
    `Open: started and not finished; streaming: first token received and not finished (both exact, counted by the client); ` +
      `at the engine: engine-sim's in-flight requests, polled with every sample.`,
    '',
    '| target | setting | completed | open at once | streaming at once | at the engine | RSS started MB | RSS idle MB | RSS peak MB | RSS after MB | highest − idle MB | open / streaming at the peak | errors | load s |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const row of rows) {
    if (row.failure) {
      out.push(`| ${row.target} | ${row.setting} | failed: ${row.failure.replace(/\|/g, '/')} | | | | ${mb(row.startedMb)} | | | | | | | |`);
      continue;
    }
    const growth = row.highestMb !== null && row.idleMb !== null ? row.highestMb - row.idleMb : null;
    out.push(
      `| ${row.target} | ${row.setting} | ${count(row.completed)} / ${count(row.streams)} | ${count(row.peakOpen)} | ${count(row.peakStreaming)} | ` +
        `${count(row.peakEngineInFlight)} | ${mb(row.startedMb)} | ${mb(row.idleMb)} | ${mb(row.peakMb)} | ${mb(row.afterMb)} | ${growth === null ? '–' : `${growth >= 0 ? '+' : ''}${growth.toFixed(1)}`} | ` +
        `${count(row.openAtPeak)} / ${count(row.streamingAtPeak)} | ${row.errors + row.incomplete} | ${row.loadSeconds.toFixed(1)} |`,
    );
  }
  out.push('');
  const gateway = rows.filter((r) => r.target === 'gateway');
  if (gateway.length > 0) out.push(...gateway.map((r) => `- ${memoryVerdict(r)}`), '');
  const errors = rows.filter((r) => r.firstError);
  if (errors.length > 0) out.push(...errors.map((r) => `- ${r.target} (${r.setting}), first error: ${r.firstError}`), '');
  return out;
}
