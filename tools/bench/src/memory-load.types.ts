// What the memory-load client process is told and what it answers. Pure types.

export interface MemoryLoadSpec {
  url: string;
  headers: Record<string, string>;
  body: string;
  /** Streaming completions to open; each is read to its end. */
  streams: number;
  /** Streams start evenly over this many ms (0 = all at once). */
  rampMs: number;
  /** The target's processes (nginx: master and workers); their VmRSS is summed. */
  pids: number[];
  sampleIntervalMs: number;
  /** Samples taken before the first stream starts (the idle RSS). */
  idleMs: number;
  /** Samples taken after the last stream ended (the RSS after). */
  settleMs: number;
  /** The whole load gives up after this long (streams still open count as errors). */
  timeoutMs: number;
  /** engine-sim's GET /control (its `stats.inFlight`: requests open at the engine), polled with each sample. */
  engineControlUrl?: string;
}

export type MemoryPhase = 'idle' | 'load' | 'after';

export interface MemorySample {
  /** ms since the client started sampling. */
  tMs: number;
  phase: MemoryPhase;
  /** Sum of VmRSS over the target's processes, kB (KiB as /proc reports it); null when a process is gone. */
  rssKb: number | null;
  /** Streams started and not yet finished (client side). */
  open: number;
  /** Streams that have received their first content token and are not yet finished. */
  streaming: number;
  /** Requests in flight at the engine (last answer of its /control), null when unknown. */
  engineInFlight: number | null;
}

export interface MemoryLoadResult {
  samples: MemorySample[];
  started: number;
  /** Streams that ended with a content token and [DONE]. */
  completed: number;
  /** Non-200 answers, transport errors, timeouts. */
  errors: number;
  /** 200 answers without a token or without [DONE]. */
  incomplete: number;
  /** Exact maxima, counted on every change (the samples may miss a short spike). */
  maxOpen: number;
  maxStreaming: number;
  /** From the first stream's start to the last stream's end, ms. */
  loadMs: number;
  /** The first error seen, for the page (never a header or a key). */
  firstError?: string;
}
