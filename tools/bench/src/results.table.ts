// Bench results: one row per (target, mode, connections) cell, compared with the direct-to-engine row of the same
// mode and connections, as a markdown table and as short console lines. Pure.

export type BenchMode = 'non-stream' | 'stream';

export interface CellResult {
  target: string;
  mode: BenchMode;
  connections: number;
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Non-2xx answers plus socket errors and timeouts. */
  errors: number;
  /** Streaming only: time to the first content token, from the probe client. */
  ttftP50Ms?: number;
  ttftP99Ms?: number;
  /** Why a cell has no numbers (the tool failed, the target refused). */
  failure?: string;
}

export interface Comparison {
  /** Requests/s relative to direct (1 = as fast as direct). */
  throughputRatio: number;
  /** p50 and p99 added over direct, in ms. */
  addedP50Ms: number;
  addedP99Ms: number;
}

export const BASELINE_TARGET = 'direct';

function cellKey(cell: Pick<CellResult, 'mode' | 'connections'>): string {
  return `${cell.mode}/${cell.connections}`;
}

export function compareToBaseline(cells: ReadonlyArray<CellResult>): Map<CellResult, Comparison> {
  const baselines = new Map<string, CellResult>();
  for (const cell of cells) if (cell.target === BASELINE_TARGET && !cell.failure) baselines.set(cellKey(cell), cell);
  const out = new Map<CellResult, Comparison>();
  for (const cell of cells) {
    const base = baselines.get(cellKey(cell));
    if (!base || cell.failure || cell === base || base.requestsPerSecond <= 0) continue;
    out.set(cell, {
      throughputRatio: cell.requestsPerSecond / base.requestsPerSecond,
      addedP50Ms: cell.p50Ms - base.p50Ms,
      addedP99Ms: cell.p99Ms - base.p99Ms,
    });
  }
  return out;
}

/** 0.53×, 0.041×, 0.0033×: two significant digits below 0.1. */
export function ratio(value: number): string {
  return `${value >= 0.1 ? value.toFixed(2) : value.toPrecision(2)}×`;
}

function ms(value: number | undefined): string {
  if (value === undefined || Number.isNaN(value)) return '–';
  return value < 10 ? value.toFixed(2) : value.toFixed(1);
}

function signedMs(value: number): string {
  return `${value < 0 ? '-' : '+'}${ms(Math.abs(value))}`;
}

function rps(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

export function formatMarkdownTable(cells: ReadonlyArray<CellResult>): string {
  const comparisons = compareToBaseline(cells);
  const rows = [
    '| target | mode | conns | req/s | p50 ms | p99 ms | TTFT p50 ms | TTFT p99 ms | errors | req/s vs direct | p50 / p99 added ms |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const cell of cells) {
    if (cell.failure) {
      rows.push(`| ${cell.target} | ${cell.mode} | ${cell.connections} | failed: ${cell.failure.replace(/\|/g, '/')} | | | | | | | |`);
      continue;
    }
    const comparison = comparisons.get(cell);
    const vs = comparison ? ratio(comparison.throughputRatio) : cell.target === BASELINE_TARGET ? '1.00×' : '–';
    const added = comparison ? `${signedMs(comparison.addedP50Ms)} / ${signedMs(comparison.addedP99Ms)}` : '–';
    rows.push(
      `| ${cell.target} | ${cell.mode} | ${cell.connections} | ${rps(cell.requestsPerSecond)} | ${ms(cell.p50Ms)} | ${ms(cell.p99Ms)} | ${ms(cell.ttftP50Ms)} | ${ms(cell.ttftP99Ms)} | ${cell.errors} | ${vs} | ${added} |`,
    );
  }
  return rows.join('\n') + '\n';
}

export function formatConsoleLine(cell: CellResult): string {
  const head = `${cell.target.padEnd(9)} ${cell.mode.padEnd(10)} c=${String(cell.connections).padEnd(3)}`;
  if (cell.failure) return `${head} FAILED: ${cell.failure}`;
  const ttft = cell.ttftP50Ms === undefined ? '' : `  ttft p50 ${ms(cell.ttftP50Ms)} p99 ${ms(cell.ttftP99Ms)} ms`;
  return `${head} ${rps(cell.requestsPerSecond).padStart(7)} req/s  p50 ${ms(cell.p50Ms)} p99 ${ms(cell.p99Ms)} ms${ttft}  errors ${cell.errors}`;
}
