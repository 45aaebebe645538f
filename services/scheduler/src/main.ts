import 'reflect-metadata';
import { JetStreamServer } from '@switchyard/messaging';
import { bootstrapService, loadConfigOrExit, type RunningService } from '@switchyard/service-kit';
import { listenPort, schedulerConfigSchema, type SchedulerConfig } from './scheduler.config';
import { SchedulerModule } from './scheduler.module';

/** Starts the scheduler (tests call it with their own environment). */
export async function startScheduler(config: SchedulerConfig): Promise<RunningService> {
  return bootstrapService({
    service: 'scheduler',
    config,
    port: listenPort(config),
    module: ({ logger, metrics }) => SchedulerModule.forRoot({ config, logger, metrics }),
    configure: async (app, { logger }) => {
      // Deployment events, shared by the replicas (durable 'scheduler'); the desired state they write is shared too.
      app.connectMicroservice({
        strategy: new JetStreamServer({ url: config.NATS_URL, namespace: config.NATS_NAMESPACE, service: 'scheduler', durable: 'scheduler', logger }),
      });
      await app.startAllMicroservices();
    },
  });
}

if (require.main === module) {
  const config = loadConfigOrExit('scheduler', schedulerConfigSchema);
  startScheduler(config).catch((error: unknown) => {
    process.stderr.write(`scheduler: failed to start: ${(error as Error).message}\n`);
    process.exit(1);
  });
}
