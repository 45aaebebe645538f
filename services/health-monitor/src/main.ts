import { startHealthMonitor } from './health-monitor.app';

startHealthMonitor(process.env, { exitOnError: true }).catch((error: unknown) => {
  process.stderr.write(`health-monitor failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
