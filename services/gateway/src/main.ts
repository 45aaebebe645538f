// The gateway process: validated configuration, then the service (see gateway.app.ts).
// First: V8 flags the gateway sets on itself (heap.flags.ts), before the rest is loaded.
import './heap.flags';
import { loadConfigOrExit } from '@switchyard/service-kit';
import { gatewayConfigSchema } from './gateway.config';
import { startGateway } from './gateway.app';

/**
 * The benchmark harness (tools/bench) starts the gateway with SWITCHYARD_BENCH_UPSTREAM_URL / SWITCHYARD_BENCH_MODEL
 * (its engine) and presents BENCH_GATEWAY_API_KEY (default "bench"): read as standalone mode unless set explicitly.
 */
function withBenchHints(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  if (env.GATEWAY_STANDALONE_UPSTREAM || !env.SWITCHYARD_BENCH_UPSTREAM_URL || !env.SWITCHYARD_BENCH_MODEL) return env;
  return {
    ...env,
    GATEWAY_STANDALONE_UPSTREAM: env.SWITCHYARD_BENCH_UPSTREAM_URL,
    GATEWAY_STANDALONE_MODEL: env.SWITCHYARD_BENCH_MODEL,
    GATEWAY_STANDALONE_API_KEY: env.GATEWAY_STANDALONE_API_KEY || env.BENCH_GATEWAY_API_KEY || 'bench',
  };
}

const config = loadConfigOrExit('gateway', gatewayConfigSchema, withBenchHints(process.env));
startGateway(config, { exitOnError: true }).catch((err: unknown) => {
  process.stderr.write(`gateway: failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
