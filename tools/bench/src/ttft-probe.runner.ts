// Runs the TTFT probe in its own process (so it does not share an event loop with the harness) and reads its result.
import { execFile } from 'node:child_process';
import path from 'node:path';
import type { TtftProbeResult, TtftProbeSpec } from './ttft-probe.types';

const PROBE = path.join(__dirname, 'ttft-probe.main.ts');

export function runTtftProbe(spec: TtftProbeSpec): Promise<TtftProbeResult> {
  const args = ['-r', require.resolve('@swc-node/register'), PROBE, JSON.stringify(spec)];
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
