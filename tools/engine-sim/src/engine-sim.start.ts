// startEngineSim: an in-process simulator for other projects' tests (fast, no child process).
import type { EngineSimKnobs } from './engine-sim.knobs';
import { EngineSimServer, EngineSimServerOptions, EngineSimState } from './engine-sim.server';

export interface StartEngineSimOptions extends Omit<EngineSimServerOptions, 'exitOnCrash'> {
  knobs?: Partial<EngineSimKnobs>;
}

export interface EngineSimHandle {
  /** http://host:port (append /v1 for an OpenAI client's baseURL). */
  url: string;
  port: number;
  /** Changes knobs live (same validation as POST /control); resolves once listening matches them. */
  control(knobs: Partial<EngineSimKnobs>): Promise<EngineSimState>;
  state(): EngineSimState;
  /** Zeroes the counters (not the knobs). */
  resetStats(): void;
  close(): Promise<void>;
  server: EngineSimServer;
}

export async function startEngineSim(options: StartEngineSimOptions = {}): Promise<EngineSimHandle> {
  const server = new EngineSimServer({ ...options, exitOnCrash: false });
  await server.listen();
  const host = options.host ?? '127.0.0.1';
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${server.port}`,
    port: server.port,
    control: (knobs) => server.setKnobs(knobs),
    state: () => server.state(),
    resetStats: () => server.resetStats(),
    close: () => server.close(),
    server,
  };
}
