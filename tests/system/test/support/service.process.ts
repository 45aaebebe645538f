// One Switchyard service as a real child process, started the way scripts/platform.js starts it:
// `node -r @swc-node/register services/<name>/src/main.ts` from the service folder, in its own process group.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { SystemTestService } from '../../src/index';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const LOG_TAIL_BYTES = 64 * 1024;

/** Variables of the test runner that must not leak into the services. */
const STRIPPED_ENV = ['NODE_TEST_CONTEXT', 'NODE_OPTIONS', 'NODE_ENV'];

/** Process groups (negative) and processes still running, killed if the test process exits without closing its platform. */
const liveGroups = new Set<number>();
process.once('exit', () => {
  for (const pid of liveGroups) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

/** Kills `pid` (a process group when negative) when the test process exits, unless forgotten before. */
export function killOnExit(pid: number): () => void {
  liveGroups.add(pid);
  return () => liveGroups.delete(pid);
}

export function serviceMain(name: SystemTestService): string {
  return path.join(REPO_ROOT, 'services', name, 'src', 'main.ts');
}

export function serviceExists(name: SystemTestService): boolean {
  return fs.existsSync(serviceMain(name));
}

export class ServiceProcess {
  private logs = '';
  private readonly child: ChildProcess;
  private forget: () => void = () => undefined;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(
    readonly name: SystemTestService,
    readonly port: number,
    env: Record<string, string>,
  ) {
    const base: NodeJS.ProcessEnv = { ...process.env };
    for (const key of STRIPPED_ENV) delete base[key];
    this.child = spawn(process.execPath, ['-r', '@swc-node/register', serviceMain(name)], {
      cwd: path.join(REPO_ROOT, 'services', name),
      env: { ...base, SWC_NODE_PROJECT: path.join(REPO_ROOT, 'tsconfig.base.json'), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // own process group: a stop reaches whatever it started
    });
    const keep = (chunk: Buffer) => {
      this.logs = (this.logs + chunk.toString('utf8')).slice(-LOG_TAIL_BYTES);
    };
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
    const pid = this.child.pid;
    if (pid) this.forget = killOnExit(-pid);
    this.exited = new Promise((resolve) =>
      this.child.once('exit', (code, signal) => {
        resolve({ code, signal });
      }),
    );
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The last 64 KiB of the process's output (for failure messages). */
  logTail(bytes = 4000): string {
    return this.logs.slice(-bytes);
  }

  /** Polls /readyz until it answers 200; throws with the log tail when the process exits or time runs out. */
  async waitReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < deadline) {
      if (!this.running) throw new Error(`${this.name} exited before it was ready:\n${this.logTail()}`);
      try {
        const res = await fetch(`${this.url}/readyz`, { signal: AbortSignal.timeout(2_000) });
        if (res.ok) return;
        last = `HTTP ${res.status} ${(await res.text()).slice(0, 300)}`;
      } catch (error) {
        last = (error as Error).message;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`${this.name} not ready after ${timeoutMs} ms (${last}):\n${this.logTail()}`);
  }

  /** SIGTERM to the process group, SIGKILL after `graceMs`; resolves once the process is gone. */
  async stop(graceMs = 10_000): Promise<void> {
    if (!this.running) return;
    this.signalGroup('SIGTERM');
    const timer = setTimeout(() => this.signalGroup('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
    this.signalGroup('SIGKILL'); // anything left in the group (engines a driver started)
    this.forget();
  }

  private signalGroup(signal: NodeJS.Signals): void {
    if (this.pid <= 0) return;
    try {
      process.kill(-this.pid, signal);
    } catch {
      // the group is already gone
    }
  }
}
