// Runs the memory-load client in its own process (its 1,000 sockets and parsing stay out of the harness's event
// loop and out of the measured process) and reads its result.
import { execFile } from 'node:child_process';
import path from 'node:path';
import type { MemoryLoadResult, MemoryLoadSpec } from './memory-load.types';
import { PRECOMPILED_NODE_ARGS } from './node-entry.helper';

// The client runs the way this module runs: precompiled beside it in dist/, or from source through swc-node.
const PRECOMPILED = __filename.endsWith('.js');
const CLIENT = path.join(__dirname, PRECOMPILED ? 'memory-load.main.js' : 'memory-load.main.ts');
const LOADER = PRECOMPILED ? PRECOMPILED_NODE_ARGS : ['-r', require.resolve('@swc-node/register')];

export function runMemoryLoad(spec: MemoryLoadSpec): Promise<MemoryLoadResult> {
  const args = [...LOADER, CLIENT, JSON.stringify(spec)];
  const timeout = spec.idleMs + spec.timeoutMs + spec.settleMs + 30_000;
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { timeout, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`memory-load client failed: ${stderr.trim().slice(-400) || error.message}`));
      try {
        resolve(JSON.parse(stdout.trim().split('\n').pop() ?? '') as MemoryLoadResult);
      } catch {
        reject(new Error(`memory-load client printed no result: ${stdout.slice(-300)}`));
      }
    });
  });
}
