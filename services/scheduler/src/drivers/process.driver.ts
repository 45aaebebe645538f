import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { DeploymentSnapshot } from '@switchyard/contracts';
import type { Logger } from '@switchyard/observability';
import { buildCommand } from './engine-command';
import { readEngineMetrics } from './engine-metrics.reader';
import { PortAllocator } from './port.allocator';
import { answers, instanceUrl, type DriverInstance, type RuntimeDriver } from './runtime-driver';

export interface ProcessDriverOptions {
  /** Template, e.g. `vllm serve {model} --port {port}`; see engine-command.ts. */
  command: string;
  cwd: string;
  portRange: readonly [number, number];
  host?: string;
  startTimeoutMs: number;
  drainTimeoutMs: number;
  /** Wait before measuring in-flight work, so pool readers saw the member leave. */
  drainGraceMs: number;
  restartBackoffMs: number;
  maxRestarts: number;
  /** Append `runtime.settings.args` of the deployment (off by default: tenants could pass engine flags). */
  allowDeploymentArgs?: boolean;
  /** Variables of the scheduler's environment passed to engines; nothing else (no secrets) reaches them. */
  envPassthrough?: readonly string[];
  logger: Logger;
}

interface Managed {
  instance: DriverInstance;
  deployment: DeploymentSnapshot;
  port: number;
  child?: ChildProcess;
  restarts: number;
  stopping: boolean;
  restartTimer?: NodeJS.Timeout;
  stderrTail: string;
}

const KILL_GRACE_MS = 5_000;

/**
 * Runs a command per replica on this machine (engine-sim here, `vllm serve …` on a GPU box): each on a free port
 * of the range, in its own process group. An instance is ready once its health path answers; a crashed one is
 * restarted on the same port with exponential back-off, and marked failed after maxRestarts. Stopping drains:
 * it waits (bounded) until the engine reports no running or waiting request, then SIGTERM, then SIGKILL.
 */
export class ProcessDriver implements RuntimeDriver {
  readonly name = 'process' as const;
  readonly manages = true;
  private readonly managed = new Map<string, Managed>();
  private readonly ports: PortAllocator;
  private closed = false;

  constructor(private readonly options: ProcessDriverOptions) {
    this.ports = new PortAllocator(options.portRange[0], options.portRange[1], options.host);
  }

  instances(deploymentId: string): DriverInstance[] {
    return [...this.managed.values()].filter((m) => m.instance.deploymentId === deploymentId).map((m) => ({ ...m.instance }));
  }

  /** Process state is pushed by the children themselves (exit, readiness); nothing to discover. */
  async sync(): Promise<void> {}

  async start(deployment: DeploymentSnapshot, count: number): Promise<void> {
    // A command that cannot be built (bad runtime settings) fails here, before any port or instance is taken.
    this.command(deployment, 0, 'check');
    for (let i = 0; i < count && !this.closed; i++) {
      const port = await this.ports.allocate();
      const host = this.options.host ?? '127.0.0.1';
      const instanceId = `${deployment.id}-r${deployment.specRevision}-${randomBytes(3).toString('hex')}`;
      const weight = deployment.endpoints[0]?.weight ?? 100;
      const m: Managed = {
        instance: {
          instanceId,
          deploymentId: deployment.id,
          revision: deployment.specRevision,
          url: `http://${host}:${port}/v1`,
          phase: 'starting',
          weight,
          priority: 'primary',
          startedAt: Date.now(),
        },
        deployment,
        port,
        restarts: 0,
        stopping: false,
        stderrTail: '',
      };
      this.managed.set(instanceId, m);
      this.spawn(m);
    }
  }

  async stop(deploymentId: string, instanceIds: readonly string[]): Promise<void> {
    await Promise.all(
      instanceIds.map(async (id) => {
        const m = this.managed.get(id);
        if (!m || m.instance.deploymentId !== deploymentId) return;
        await this.drainAndStop(m);
      }),
    );
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.managed.values()].map((m) => this.kill(m)));
  }

  private command(d: DeploymentSnapshot, port: number, instanceId: string): { file: string; args: string[] } {
    const settings = d.runtime?.settings ?? {};
    const extra = this.options.allowDeploymentArgs && Array.isArray(settings.args) ? settings.args : [];
    const values = { port: String(port), model: d.model, version: d.version, deployment: d.id, instance: instanceId, revision: String(d.specRevision) };
    return buildCommand(this.options.command, values, extra);
  }

  private spawn(m: Managed): void {
    const d = m.deployment;
    const { file, args } = this.command(d, m.port, m.instance.instanceId);
    // Only what an engine needs: no database URLs or other secrets of the scheduler reach the child.
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      LANG: process.env.LANG,
      TMPDIR: process.env.TMPDIR,
      PORT: String(m.port),
      SY_INSTANCE_ID: m.instance.instanceId,
      SY_DEPLOYMENT_ID: d.id,
    };
    for (const name of this.options.envPassthrough ?? []) if (process.env[name] !== undefined) env[name] = process.env[name];
    const child = spawn(file, args, { cwd: this.options.cwd, env, detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
    m.child = child;
    m.instance.phase = 'starting';
    child.stderr?.on('data', (chunk: Buffer) => {
      m.stderrTail = (m.stderrTail + chunk.toString('utf8')).slice(-2_000);
    });
    child.once('error', (error) => {
      this.options.logger.error({ instanceId: m.instance.instanceId, err: error.message }, 'engine process could not start');
    });
    child.once('exit', (code, signal) => this.onExit(m, child, code, signal));
    this.options.logger.info({ instanceId: m.instance.instanceId, port: m.port, pid: child.pid }, 'engine process started');
    void this.awaitReady(m, child);
  }

  private async awaitReady(m: Managed, child: ChildProcess): Promise<void> {
    const deadline = Date.now() + this.options.startTimeoutMs;
    const healthUrl = instanceUrl(m.instance.url, m.deployment.healthCheck?.path || '/health');
    while (Date.now() < deadline) {
      if (m.child !== child || child.exitCode !== null || child.signalCode !== null || m.stopping) return;
      if (await answers(healthUrl, 1_000)) {
        if (m.child === child && !m.stopping) {
          m.instance.phase = 'ready';
          m.instance.detail = undefined;
          this.options.logger.info({ instanceId: m.instance.instanceId, url: m.instance.url }, 'engine ready');
        }
        return;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    if (m.child === child && !m.stopping) {
      m.instance.phase = 'failed';
      m.instance.detail = `not answering ${healthUrl} after ${this.options.startTimeoutMs} ms`;
      this.options.logger.warn({ instanceId: m.instance.instanceId }, m.instance.detail);
      signalGroup(child, 'SIGKILL');
    }
  }

  private onExit(m: Managed, child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (m.child !== child) return;
    m.child = undefined;
    if (m.stopping || this.closed) return;
    if (m.instance.phase === 'failed') return;
    m.restarts += 1;
    const log = { instanceId: m.instance.instanceId, code, signal, restarts: m.restarts, stderr: m.stderrTail.slice(-500) };
    if (m.restarts > this.options.maxRestarts) {
      m.instance.phase = 'failed';
      m.instance.detail = `exited ${m.restarts} times (last: ${signal ?? `code ${code}`})`;
      this.options.logger.error(log, 'engine process keeps crashing; marked failed');
      return;
    }
    const delay = Math.min(30_000, this.options.restartBackoffMs * 2 ** (m.restarts - 1));
    m.instance.phase = 'starting';
    this.options.logger.warn({ ...log, delayMs: delay }, 'engine process exited; restarting');
    m.restartTimer = setTimeout(() => {
      m.restartTimer = undefined;
      if (!m.stopping && !this.closed) this.spawn(m);
    }, delay);
  }

  private async drainAndStop(m: Managed): Promise<void> {
    if (m.stopping) return;
    m.stopping = true;
    const wasReady = m.instance.phase === 'ready';
    m.instance.phase = 'stopping';
    if (wasReady && m.child) {
      await sleep(this.options.drainGraceMs);
      const deadline = Date.now() + this.options.drainTimeoutMs;
      while (Date.now() < deadline && m.child) {
        const metrics = await readEngineMetrics(m.instance.url, 1_000);
        if (!metrics || metrics.running + metrics.waiting === 0) break;
        await sleep(200);
      }
    }
    await this.kill(m);
  }

  private async kill(m: Managed): Promise<void> {
    m.stopping = true;
    if (m.restartTimer) clearTimeout(m.restartTimer);
    const child = m.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      signalGroup(child, 'SIGTERM');
      const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), KILL_GRACE_MS);
      await exited;
      clearTimeout(timer);
    }
    this.managed.delete(m.instance.instanceId);
    this.ports.release(m.port);
    this.options.logger.info({ instanceId: m.instance.instanceId }, 'engine process stopped');
  }
}

/** Signals the child's whole process group (it was spawned detached, as a group leader). */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (!child.pid) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
