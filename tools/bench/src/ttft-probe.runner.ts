// Runs the TTFT probe in its own process (so it does not share an event loop with the harness) and reads its result.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { PRECOMPILED_NODE_ARGS } from './node-entry.helper';
import type { TtftProbeResult, TtftProbeSpec } from './ttft-probe.types';

// The probe runs the way this module runs: precompiled beside it in dist/, or from source through swc-node.
const PRECOMPILED = __filename.endsWith('.js');
const PROBE = path.join(__dirname, PRECOMPILED ? 'ttft-probe.main.js' : 'ttft-probe.main.ts');
const LOADER = PRECOMPILED ? PRECOMPILED_NODE_ARGS : ['-r', require.resolve('@swc-node/register')];

export function runTtftProbe(spec: TtftProbeSpec): Promise<TtftProbeResult> {
  const args = [...LOADER, PROBE, JSON.stringify(spec)];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { timeout: spec.durationMs + 30_000, maxBuffer: 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`ttft probe failed: ${stderr.trim() || error.message}`));
      try {
        resolve(JSON.parse(stdout.trim().split('\n').pop() ?? '') as TtftProbeResult);
      } catch {
        reject(new Error(`ttft probe printed no result: ${stdout.slice(-300)}`));
      }
    });
  });
}
