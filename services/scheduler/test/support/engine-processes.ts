import { spawn, type ChildProcess } from 'node:child_process';
import { waitFor } from '@switchyard/testing';
import { splitCommand } from '../../src/drivers/engine-command';
import { REPO_ROOT } from '../../src/scheduler.config';
import { engineCommand } from './deployment.fixture';

/** Engine processes a test runs itself (the endpoints of a static deployment); every one is killed in stopAll(). */
export class EngineProcesses {
  private readonly children = new Set<ChildProcess>();

  async start(port: number, model = 'sim-model'): Promise<ChildProcess> {
    const [file, ...args] = splitCommand(engineCommand()).map((t) => t.replace('{port}', String(port)).replace('{model}', model));
    const child = spawn(file, args, { cwd: REPO_ROOT, detached: true, stdio: 'ignore' });
    this.children.add(child);
    child.once('exit', () => this.children.delete(child));
    await waitFor(`engine on ${port}`, () => fetch(`http://127.0.0.1:${port}/health`).then((r) => r.ok, () => false), { timeoutMs: 30_000, intervalMs: 100 });
    return child;
  }

  async stop(child: ChildProcess): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    process.kill(-child.pid, 'SIGKILL');
    await exited;
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.children].map((c) => this.stop(c)));
  }
}
