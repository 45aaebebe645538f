// The bench's measuring clients (the TTFT probe, the memory load) run in processes of their own, so their sockets and
// parsing stay out of the harness's event loop and out of the measured process. The contract: the spec as JSON in
// the only argument, the result as JSON on the last line of stdout, failures on stderr with exit code 1.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { PRECOMPILED_NODE_ARGS } from './node-entry.helper';

// A child runs the way this module runs: precompiled beside it in dist/, or from source through swc-node.
const PRECOMPILED = __filename.endsWith('.js');
const LOADER = PRECOMPILED ? PRECOMPILED_NODE_ARGS : ['-r', require.resolve('@swc-node/register')];

/** Runs `<main>.js|ts` (a module beside this one that calls serveJsonChild) with `spec` and reads its result. */
export function runJsonChild<Result>(main: string, label: string, spec: unknown, opts: { timeoutMs: number; maxBuffer: number }): Promise<Result> {
  const file = path.join(__dirname, `${main}${PRECOMPILED ? '.js' : '.ts'}`);
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [...LOADER, file, JSON.stringify(spec)], { timeout: opts.timeoutMs, maxBuffer: opts.maxBuffer }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`${label} failed: ${stderr.trim().slice(-400) || error.message}`));
      try {
        resolve(JSON.parse(stdout.trim().split('\n').pop() ?? '') as Result);
      } catch {
        reject(new Error(`${label} printed no result: ${stdout.slice(-300)}`));
      }
    });
  });
}

/** The child's side: runs `run` on the spec from argv and prints its result (or the error, exiting 1). */
export function serveJsonChild<Spec, Result>(label: string, run: (spec: Spec) => Promise<Result>): void {
  run(JSON.parse(process.argv[2] ?? '{}') as Spec).then(
    (result) => {
      process.stdout.write(JSON.stringify(result) + '\n');
    },
    (error: unknown) => {
      process.stderr.write(`${label}: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
