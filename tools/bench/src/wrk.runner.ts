// Runs wrk for one cell with a generated Lua script and returns its parsed summary.
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { WrkRequestSpec, WrkSummary, buildWrkScript, parseWrkOutput } from './wrk-script.builder';

export interface WrkRun {
  url: string;
  request: WrkRequestSpec;
  connections: number;
  durationSeconds: number;
  /** Where to write the Lua script. */
  workDir: string;
}

let scriptCounter = 0;

export async function runWrk(run: WrkRun): Promise<WrkSummary> {
  const script = path.join(run.workDir, `cell-${++scriptCounter}.lua`);
  await writeFile(script, buildWrkScript(run.request));
  const args = ['-t1', `-c${run.connections}`, `-d${run.durationSeconds}s`, '--timeout', '10s', '-s', script, run.url];
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile('wrk', args, { timeout: (run.durationSeconds + 30) * 1000, maxBuffer: 1024 * 1024 }, (error, out, err) => {
      if (error) reject(new Error(`wrk failed: ${error.message} ${err}`.trim()));
      else resolve(out);
    });
  });
  const summary = parseWrkOutput(stdout);
  if (!summary) throw new Error(`wrk printed no summary: ${stdout.slice(-300)}`);
  return summary;
}
