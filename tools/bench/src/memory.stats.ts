// Turns the memory-load client's samples into the reported numbers: RSS idle / peak / after, and how many streams
// were open at once. Pure.
import type { MemoryLoadResult, MemorySample } from './memory-load.types';

/** The issue's target: resident memory with 1,000 concurrent streams, in MB (10^6 bytes). */
export const MEMORY_TARGET_MB = 200;

export interface MemoryRow {
  target: string;
  /** The configuration that matters for this row, e.g. "upstream cap 256 (default)". */
  setting: string;
  /** Streams asked for. */
  streams: number;
  completed: number;
  errors: number;
  incomplete: number;
  /** Most streams started and not yet finished at once (client side, exact). */
  peakOpen: number;
  /** Most streams receiving tokens at once (client side, exact): streams open end to end. */
  peakStreaming: number;
  /** Most requests in flight at the engine at once (sampled), null when unknown. */
  peakEngineInFlight: number | null;
  /**
   * MB (10^6 bytes), summed over the target's processes; null when no sample could be read. started: right after
   * the bench started it (one request served), before its cells; idle: before the first stream; peak: the largest
   * sample while streams were open; after: the last sample, a while after the last stream ended; highest: the
   * largest sample from the first stream on (peak or later).
   */
  startedMb: number | null;
  idleMb: number | null;
  peakMb: number | null;
  afterMb: number | null;
  highestMb: number | null;
  /** Client counts in the sample where RSS peaked while streams were open. */
  openAtPeak: number | null;
  streamingAtPeak: number | null;
  /** First stream's start to last stream's end. */
  loadSeconds: number;
  samples: number;
  firstError?: string;
  /** The phase could not run at all. */
  failure?: string;
}

export interface MemoryRowLabel {
  target: string;
  setting: string;
  streams: number;
  /** The target's RSS right after it started, kB (null: not read). */
  startedKb?: number | null;
}

const kbToMb = (kb: number) => (kb * 1024) / 1e6;

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function withRss(samples: ReadonlyArray<MemorySample>): Array<MemorySample & { rssKb: number }> {
  return samples.filter((s): s is MemorySample & { rssKb: number } => s.rssKb !== null);
}

function largest(samples: ReadonlyArray<MemorySample & { rssKb: number }>): (MemorySample & { rssKb: number }) | null {
  let top: (MemorySample & { rssKb: number }) | null = null;
  for (const s of samples) if (!top || s.rssKb > top.rssKb) top = s;
  return top;
}

const mbOrNull = (kb: number | null | undefined) => (kb === null || kb === undefined ? null : kbToMb(kb));

export function summarizeMemory(result: MemoryLoadResult, label: MemoryRowLabel): MemoryRow {
  const { startedKb, ...names } = label;
  const idle = withRss(result.samples.filter((s) => s.phase === 'idle'));
  const fromFirstStream = withRss(result.samples.filter((s) => s.phase !== 'idle'));
  const peak = largest(fromFirstStream.filter((s) => s.phase === 'load' && s.open > 0));
  const highest = largest(fromFirstStream);
  const after = withRss(result.samples.filter((s) => s.phase === 'after'));
  const engine = result.samples.map((s) => s.engineInFlight).filter((n): n is number => n !== null);
  return {
    ...names,
    completed: result.completed,
    errors: result.errors,
    incomplete: result.incomplete,
    peakOpen: result.maxOpen,
    peakStreaming: result.maxStreaming,
    peakEngineInFlight: engine.length > 0 ? Math.max(...engine) : null,
    startedMb: mbOrNull(startedKb),
    idleMb: mbOrNull(median(idle.map((s) => s.rssKb))),
    peakMb: peak ? kbToMb(peak.rssKb) : null,
    afterMb: after.length > 0 ? kbToMb(after[after.length - 1].rssKb) : null,
    highestMb: highest ? kbToMb(highest.rssKb) : null,
    openAtPeak: peak ? peak.open : null,
    streamingAtPeak: peak ? peak.streaming : null,
    loadSeconds: result.loadMs / 1000,
    samples: result.samples.length,
    ...(result.firstError ? { firstError: result.firstError } : {}),
  };
}

/** A row for a phase that did not run. */
export function failedMemoryRow(label: MemoryRowLabel, failure: string): MemoryRow {
  const { startedKb, ...names } = label;
  return {
    ...names,
    startedMb: mbOrNull(startedKb),
    completed: 0,
    errors: 0,
    incomplete: 0,
    peakOpen: 0,
    peakStreaming: 0,
    peakEngineInFlight: null,
    idleMb: null,
    peakMb: null,
    afterMb: null,
    highestMb: null,
    openAtPeak: null,
    streamingAtPeak: null,
    loadSeconds: 0,
    samples: 0,
    failure,
  };
}

/** Whether a row tests "N concurrent streams" at all: every stream completed and all N were streaming at once. */
export function heldAllStreams(row: MemoryRow): boolean {
  return !row.failure && row.completed === row.streams && row.peakStreaming >= row.streams;
}

/** One sentence on the issue's target for a row; honest about rows that did not hold every stream at once. */
export function memoryVerdict(row: MemoryRow, limitMb = MEMORY_TARGET_MB): string {
  const name = `${row.target} (${row.setting})`;
  if (row.failure) return `${name}: not measured (${row.failure})`;
  if (row.highestMb === null) return `${name}: no RSS sample could be read`;
  const peak = `highest ${row.highestMb.toFixed(1)} MB (${row.peakMb === null ? 'none' : `${row.peakMb.toFixed(1)} MB`} while streams were open, idle before them ${row.idleMb === null ? '–' : row.idleMb.toFixed(1)} MB)`;
  if (!heldAllStreams(row)) {
    return `${name}: ${peak}, but only ${row.peakStreaming.toLocaleString('en-US')} of ${row.streams.toLocaleString('en-US')} streams were streaming at once and ${row.completed.toLocaleString('en-US')} completed: not a test of "${limitMb} MB with ${row.streams.toLocaleString('en-US')} concurrent streams"`;
  }
  const upstream = row.peakEngineInFlight === null ? '' : ` (${row.peakEngineInFlight.toLocaleString('en-US')} at the engine)`;
  return `${name}: ${row.streams.toLocaleString('en-US')} streams at once${upstream}, ${peak}: ${row.highestMb < limitMb ? 'under' : 'OVER'} the ${limitMb} MB target`;
}
