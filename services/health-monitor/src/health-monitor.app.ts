import { bootstrapService, loadConfigOrExit, type RunningService } from '@switchyard/service-kit';
import { loadConfig } from '@switchyard/config';
import { JetStreamServer } from '@switchyard/messaging';
import { ApiExceptionFilter } from './common/api-exception.filter';
import { healthMonitorConfigSchema } from './config/health-monitor.config';
import { HealthMonitorModule, SERVICE } from './health-monitor.module';

/**
 * Starts a health monitor. As a process (main.ts) a bad environment prints one line and exits 1; embedded (tests,
 * several replicas in one process) it throws ConfigError instead.
 */
export async function startHealthMonitor(env: Record<string, string | undefined> = process.env, options: { exitOnError?: boolean } = {}): Promise<RunningService> {
  const config = options.exitOnError ? loadConfigOrExit(SERVICE, healthMonitorConfigSchema, env) : loadConfig(SERVICE, healthMonitorConfigSchema, env);
  return bootstrapService({
    service: SERVICE,
    config,
    port: config.PORT,
    exitOnError: options.exitOnError,
    module: (deps) => HealthMonitorModule.forRoot(config, deps),
    configure: async (app, { logger }) => {
      app.useGlobalFilters(new ApiExceptionFilter(logger));
      // Registry events (deployment health-check changes, provider keys): an ephemeral consumer per replica,
      // since every replica needs every settings change.
      app.connectMicroservice({ strategy: new JetStreamServer({ url: config.NATS_URL, namespace: config.NATS_NAMESPACE, service: SERVICE, logger }) });
      await app.startAllMicroservices();
    },
  });
}
