// The Switchyard gateway, when it exists: either one already running (BENCH_GATEWAY_URL) or started from
// services/gateway, precompiled (dist/main.js, from scripts/build-dist.js) when built, else src/main.ts through
// swc-node. It takes its routes from the registry, so the bench model must be routed to the bench's engine
// (BENCH_GATEWAY_MODEL / BENCH_GATEWAY_API_KEY name a configured route); a request is tried first.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { BenchTarget, JSON_HEADERS } from './bench.target';
import { startProcess, waitUntilAnswering } from './child-process.helper';
import { freePort } from './free-port.helper';
import { nodeEntry } from './node-entry.helper';

export const GATEWAY_NOT_BUILT = 'not built yet';

export interface GatewayOptions {
  root: string;
  engineUrl: string;
  model: string;
  env: NodeJS.ProcessEnv;
  /** GATEWAY_UPSTREAM_CONNECTIONS for the gateway the bench starts (unset: the environment's, else its default). */
  upstreamConnections?: number;
}

/** services/gateway/src/gateway.config.ts: GATEWAY_UPSTREAM_CONNECTIONS' default (connections per upstream origin). */
export const GATEWAY_DEFAULT_UPSTREAM_CONNECTIONS = 256;

/** The upstream connection cap a gateway started with `env` (and the override) runs with. */
export function gatewayUpstreamConnections(env: NodeJS.ProcessEnv, override?: number): number {
  if (override !== undefined) return override;
  const configured = Number(env.GATEWAY_UPSTREAM_CONNECTIONS);
  return env.GATEWAY_UPSTREAM_CONNECTIONS && Number.isInteger(configured) && configured > 0 ? configured : GATEWAY_DEFAULT_UPSTREAM_CONNECTIONS;
}

function readJson(file: string): Record<string, string> {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
  } catch {
    return {};
  }
}

function readEnvFile(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!existsSync(file)) return out;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) out[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return out;
}

/** Sends one non-streamed chat request; resolves to null when it is answered 200, else to the reason. */
async function tryRoute(target: Omit<BenchTarget, 'stop'>): Promise<string | null> {
  try {
    const response = await fetch(`${target.baseUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: target.headers,
      body: JSON.stringify({ model: target.model, messages: [{ role: 'user', content: 'bench probe' }], max_tokens: 4 }),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text();
    return response.status === 200 ? null : `HTTP ${response.status} ${text.replace(/\s+/g, ' ').slice(0, 160)}`;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** Starts (or attaches to) the gateway; throws GATEWAY_NOT_BUILT or the reason it cannot serve the bench model. */
export async function startGateway(options: GatewayOptions): Promise<BenchTarget> {
  const { root, env } = options;
  const model = env.BENCH_GATEWAY_MODEL || options.model;
  if (env.BENCH_GATEWAY_URL) {
    // Attaching to a running platform: its demo key unless told otherwise.
    const demo = readEnvFile(path.join(root, '.switchyard', 'demo.env'));
    const headers = { ...JSON_HEADERS, Authorization: `Bearer ${env.BENCH_GATEWAY_API_KEY || demo.DEMO_API_KEY || 'bench'}` };
    const target = { name: 'gateway', description: `Switchyard gateway at ${env.BENCH_GATEWAY_URL} (already running)`, baseUrl: env.BENCH_GATEWAY_URL.replace(/\/$/, ''), headers, model };
    const problem = await tryRoute(target);
    if (problem) throw new Error(`gateway at ${env.BENCH_GATEWAY_URL} did not answer the bench request: ${problem}`);
    return { ...target, stop: async () => undefined };
  }
  const entry = nodeEntry(path.join(root, 'services', 'gateway', 'src', 'main.ts'));
  if (!entry) throw new Error(GATEWAY_NOT_BUILT);
  const secrets = readJson(path.join(root, '.switchyard', 'secrets.json'));
  // Our own gateway runs in standalone mode with the key it was given (never a running demo's key).
  const apiKey = env.BENCH_GATEWAY_API_KEY || 'bench';
  const headers = { ...JSON_HEADERS, Authorization: `Bearer ${apiKey}` };
  const port = await freePort();
  // `stream` (default) is production's usage stream (JetStream, in the bench's own namespace, removed afterwards);
  // `log` measures the proxy path alone.
  const usageSink = env.BENCH_GATEWAY_USAGE_SINK === 'log' ? 'log' : 'stream';
  const upstreamConnections = gatewayUpstreamConnections(env, options.upstreamConnections);
  const proc = startProcess('gateway', process.execPath, entry.args, {
    cwd: path.join(root, 'services', 'gateway'),
    env: {
      GATEWAY_PORT: String(port),
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      GATEWAY_USAGE_SINK: usageSink,
      GATEWAY_STARTUP_WAIT_MS: '5000',
      // Its own Redis keys and NATS subjects: a bench gateway must not touch a running platform's pool state.
      REDIS_PREFIX: `sy-bench-${process.pid}:`,
      NATS_NAMESPACE: `bench${process.pid}`,
      SWITCHYARD_SERVICE_TOKEN: env.SWITCHYARD_SERVICE_TOKEN || secrets.serviceToken || '',
      // A hint for a static bench route, should the gateway offer one.
      SWITCHYARD_BENCH_UPSTREAM_URL: `${options.engineUrl}/v1`,
      SWITCHYARD_BENCH_MODEL: model,
      BENCH_GATEWAY_API_KEY: apiKey,
      GATEWAY_UPSTREAM_CONNECTIONS: String(upstreamConnections),
    },
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitUntilAnswering(`${baseUrl}/readyz`, 60_000, proc);
    const target = { name: 'gateway', description: `Switchyard gateway (services/gateway, ${entry.precompiled ? 'precompiled dist/main.js' : 'src/main.ts through swc-node'}, started by the bench on :${port}; usage sink: ${usageSink}; upstream connections ${upstreamConnections})`, baseUrl, headers, model };
    const problem = await tryRoute(target);
    if (problem) {
      throw new Error(
        `started, but it did not route model "${model}" (${problem}); give it a route to the engine or set BENCH_GATEWAY_URL, BENCH_GATEWAY_API_KEY, BENCH_GATEWAY_MODEL`,
      );
    }
    return {
      ...target,
      processIds: () => (proc.child.pid ? [proc.child.pid] : []),
      stop: async () => {
        await proc.stop();
        if (usageSink === 'stream') await deleteBenchUsageStream(`bench${process.pid}`);
      },
    };
  } catch (error) {
    await proc.stop();
    throw error;
  }
}

/** Removes the usage stream a bench gateway filled in its own namespace (never a platform's). */
async function deleteBenchUsageStream(namespace: string): Promise<void> {
  const { connect } = await import('nats');
  const { namespacedStream, Streams } = await import('@switchyard/contracts');
  try {
    const nc = await connect({ servers: process.env.NATS_URL ?? 'nats://127.0.0.1:4222', timeout: 2_000 });
    await (await nc.jetstreamManager()).streams.delete(namespacedStream(namespace, Streams.Usage).name).catch(() => false);
    await nc.close();
  } catch {
    // NATS gone: nothing to clean
  }
}
