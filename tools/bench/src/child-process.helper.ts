// Starting and stopping the bench's helper processes (nginx, Portkey, the gateway) and waiting for them to answer.
import { ChildProcess, spawn } from 'node:child_process';
import { request } from 'node:http';

export interface ManagedProcess {
  name: string;
  child: ChildProcess;
  /** The last lines it wrote to stderr/stdout, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

export function startProcess(name: string, command: string, args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): ManagedProcess {
  const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  child.on('error', (error) => keep(Buffer.from(`\n${error.message}\n`)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    name,
    child,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const force = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(force);
    },
  };
}

/** GET `url` on a fresh connection; the status, or 0 when it cannot connect. */
export function httpStatus(url: string, timeoutMs = 2000): Promise<number> {
  return new Promise((resolve) => {
    const req = request(url, { agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
    req.end();
  });
}

/** Waits until `url` answers at all (any status) or `timeoutMs` passes; throws with the process output. */
export async function waitUntilAnswering(url: string, timeoutMs: number, proc?: ManagedProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if ((await httpStatus(url)) !== 0) return;
    if (proc && proc.child.exitCode !== null) throw new Error(`${proc.name} exited (code ${proc.child.exitCode}): ${proc.output().trim().slice(-600)}`);
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms${proc ? `: ${proc.output().trim().slice(-600)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
