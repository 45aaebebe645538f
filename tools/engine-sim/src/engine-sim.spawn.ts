// spawnEngineSim: the simulator as a child process (for crash tests and benchmarks). It always opens a control
// listener so knobs can be changed while the main port refuses connections.
import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import type { EngineSimKnobs } from './engine-sim.knobs';
import type { EngineSimState } from './engine-sim.server';
import type { EngineSimReadyMessage } from './engine-sim.ipc';

export interface SpawnEngineSimOptions {
  /** 0 (default) = a free port, reported by the child. */
  port?: number;
  host?: string;
  knobs?: Partial<EngineSimKnobs>;
  /** Extra environment for the child (LOG_LEVEL defaults to "silent"). */
  env?: NodeJS.ProcessEnv;
  /** Pass the child's stdout/stderr through instead of dropping its logs. */
  inheritOutput?: boolean;
  /** How long to wait for the child to listen (default 30 s). */
  startTimeoutMs?: number;
}

export interface EngineSimExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface SpawnedEngineSim {
  url: string;
  port: number;
  /** The control listener (same endpoints), alive while the main port refuses connections. */
  controlUrl: string;
  pid: number;
  /** POST /control on the control listener. */
  control(knobs: Partial<EngineSimKnobs>): Promise<EngineSimState>;
  /** Resolves when the child exits, however it exits. */
  exited: Promise<EngineSimExit>;
  /** SIGTERM (SIGKILL after 5 s); resolves once the child is gone. */
  kill(signal?: NodeJS.Signals): Promise<EngineSimExit>;
}

// The child runs the way this module runs: precompiled beside it in dist/ (scripts/build-dist.js; `@switchyard/*`
// resolve to their dist/ under the switchyard-dist condition), or from source through swc-node (tests).
const PRECOMPILED = __filename.endsWith('.js');
const MAIN = path.join(__dirname, PRECOMPILED ? 'main.js' : 'main.ts');
const TSCONFIG = path.join(__dirname, '..', 'tsconfig.json');
const LOADER = PRECOMPILED ? ['--conditions=switchyard-dist'] : ['-r', require.resolve('@swc-node/register')];

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
}

export function knobFlags(knobs: Partial<EngineSimKnobs>): string[] {
  const flags: string[] = [];
  for (const [name, value] of Object.entries(knobs)) {
    if (value !== undefined) flags.push(`--${kebab(name)}`, String(value));
  }
  return flags;
}

export function spawnEngineSim(options: SpawnEngineSimOptions = {}): Promise<SpawnedEngineSim> {
  const host = options.host ?? '127.0.0.1';
  const args = [
    ...LOADER,
    MAIN,
    '--port',
    String(options.port ?? 0),
    '--host',
    host,
    '--control-port',
    '0',
    ...knobFlags(options.knobs ?? {}),
  ];
  const child = spawn(process.execPath, args, {
    env: { SWC_NODE_PROJECT: TSCONFIG, LOG_LEVEL: 'silent', ...process.env, ...options.env },
    stdio: options.inheritOutput ? ['ignore', 'inherit', 'inherit', 'ipc'] : ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4096);
  });
  const exited = new Promise<EngineSimExit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`engine-sim child did not start within ${options.startTimeoutMs ?? 30_000} ms: ${stderr}`));
    }, options.startTimeoutMs ?? 30_000);
    exited
      .then(({ code, signal }) => {
        clearTimeout(timer);
        reject(new Error(`engine-sim child exited before listening (code ${code}, signal ${signal}): ${stderr.trim()}`));
      })
      .catch(() => undefined);
    child.on('message', (message: EngineSimReadyMessage) => {
      if (message?.type !== 'engine-sim:ready') return;
      clearTimeout(timer);
      child.channel?.unref();
      resolve(spawned(child, host, message, exited));
    });
  });
}

function spawned(child: ChildProcess, host: string, ready: EngineSimReadyMessage, exited: Promise<EngineSimExit>): SpawnedEngineSim {
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const controlUrl = `http://${urlHost}:${ready.controlPort}`;
  return {
    url: `http://${urlHost}:${ready.port}`,
    port: ready.port,
    controlUrl,
    pid: child.pid as number,
    exited,
    async control(knobs) {
      const response = await fetch(`${controlUrl}/control`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(knobs),
      });
      const body = (await response.json()) as EngineSimState | { error: string };
      if (!response.ok) throw new Error(`engine-sim control failed (${response.status}): ${'error' in body ? body.error : ''}`);
      return body as EngineSimState;
    },
    kill(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      child.kill(signal);
      const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
      return exited.finally(() => clearTimeout(force));
    },
  };
}
