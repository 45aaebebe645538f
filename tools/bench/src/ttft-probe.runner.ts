// Runs the TTFT probe in its own process (so it does not share an event loop with the harness) and reads its result.
import { runJsonChild } from './json-child.helper';
import type { TtftProbeResult, TtftProbeSpec } from './ttft-probe.types';

export function runTtftProbe(spec: TtftProbeSpec): Promise<TtftProbeResult> {
  return runJsonChild<TtftProbeResult>('ttft-probe.main', 'ttft probe', spec, { timeoutMs: spec.durationMs + 30_000, maxBuffer: 1024 * 1024 });
}
