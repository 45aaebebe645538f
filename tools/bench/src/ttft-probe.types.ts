// What the TTFT probe process is told and what it answers. Pure types.
import type { LatencySummary } from './latency.stats';

export interface TtftProbeSpec {
  url: string;
  headers: Record<string, string>;
  body: string;
  /** Concurrent streams (each one paced). */
  connections: number;
  durationMs: number;
  /** Each stream waits this long between requests (0 = back to back). */
  intervalMs: number;
  /** Wait this long before the first request (to start once the load generator runs). */
  delayMs: number;
}

export interface TtftProbeResult {
  /** Streams that completed with a token and [DONE]. */
  requests: number;
  requestsPerSecond: number;
  /** Non-200 answers and transport errors. */
  errors: number;
  /** 200 answers without a token or without [DONE]. */
  incomplete: number;
  /** ms */
  ttft: LatencySummary;
  /** ms, to the end of the stream */
  total: LatencySummary;
}
