import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { Logger } from '@switchyard/observability';
import { JetStreamServer } from '@switchyard/messaging';
import { bootstrapService, type RunningService } from '@switchyard/service-kit';
import { ApiExceptionFilter } from './common/api-exception.filter';
import { registryAppModule, SERVICE } from './app.module';
import type { RegistryConfig } from './registry.config';

export const BODY_LIMIT_BYTES = 1024 * 1024;

/** Serves the OpenAPI document at /api/docs-json and the browsable UI at /api/docs. */
export function setupSwagger(app: NestFastifyApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Switchyard registry')
      .setDescription(
        'The control-plane API: workspaces, members, API keys, providers, models, prices, deployments, routes, audit. ' +
          'Log in with POST /api/v1/auth/login and send the access token as `Authorization: Bearer …`.',
      )
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
}

async function configure(app: NestFastifyApplication, config: RegistryConfig, logger: Logger): Promise<void> {
  app.useGlobalFilters(new ApiExceptionFilter(logger.child({ component: 'http' })));
  setupSwagger(app);
  // Scheduler reports (instances registered, rollouts) update deployment status; replicas share one durable.
  app.connectMicroservice({
    strategy: new JetStreamServer({ url: config.NATS_URL, namespace: config.NATS_NAMESPACE, service: SERVICE, durable: 'registry', logger }),
  });
  await app.startAllMicroservices();
}

/** Creates and starts the registry (main.ts and the test harness). */
export function startRegistryService(config: RegistryConfig, opts: { exitOnError?: boolean } = {}): Promise<RunningService> {
  return bootstrapService({
    service: SERVICE,
    config,
    port: config.PORT,
    bodyLimit: BODY_LIMIT_BYTES,
    exitOnError: opts.exitOnError,
    module: (deps) => registryAppModule(config, deps),
    configure: (app, { logger }) => configure(app, config, logger),
  });
}
