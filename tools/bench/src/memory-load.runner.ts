// Runs the memory-load client in its own process (its 1,000 sockets and parsing stay out of the harness's event
// loop and out of the measured process) and reads its result.
import { runJsonChild } from './json-child.helper';
import type { MemoryLoadResult, MemoryLoadSpec } from './memory-load.types';

export function runMemoryLoad(spec: MemoryLoadSpec): Promise<MemoryLoadResult> {
  const timeoutMs = spec.idleMs + spec.timeoutMs + spec.settleMs + 30_000;
  return runJsonChild<MemoryLoadResult>('memory-load.main', 'memory-load client', spec, { timeoutMs, maxBuffer: 16 * 1024 * 1024 });
}
