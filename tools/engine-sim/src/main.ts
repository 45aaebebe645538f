// The simulator as a process: `node -r @swc-node/register tools/engine-sim/src/main.ts --port 9101 --model m
// --ttft-ms 30 --itl-ms 5`. Started as a child by spawnEngineSim, it tells its parent its ports over IPC.
import { createLogger } from '@switchyard/observability';
import { parseCliArgs, usage } from './cli-args.parser';
import type { EngineSimReadyMessage } from './engine-sim.ipc';
import { EngineSimServer } from './engine-sim.server';

async function main(): Promise<void> {
  const parsed = parseCliArgs(process.argv.slice(2));
  if (!parsed.ok) {
    process.stderr.write(`engine-sim: ${parsed.error}\n${usage()}\n`);
    process.exit(2);
  }
  const { options } = parsed;
  if (options.help) {
    process.stdout.write(usage() + '\n');
    return;
  }
  const logger = createLogger({ service: 'engine-sim' });
  const server = new EngineSimServer({
    port: options.port,
    host: options.host,
    controlPort: options.controlPort,
    knobs: options.knobs,
    exitOnCrash: true,
  });
  await server.listen();
  const { knobs } = server.state();
  logger.info(
    { port: server.port, controlPort: options.controlPort === undefined ? null : server.controlPort, host: options.host, knobs },
    'engine-sim listening',
  );
  if (process.send) {
    const ready: EngineSimReadyMessage = {
      type: 'engine-sim:ready',
      port: server.port,
      controlPort: options.controlPort === undefined ? null : server.controlPort,
    };
    process.send(ready);
    process.channel?.unref();
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'engine-sim stopping');
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`engine-sim: failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
