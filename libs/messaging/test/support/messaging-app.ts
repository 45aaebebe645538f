import 'reflect-metadata';
import { Module, type INestApplicationContext, type ModuleMetadata } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { StreamDefinition } from '@switchyard/contracts';
import { createMetrics } from '@switchyard/observability';
import { ServiceKitModule } from '@switchyard/service-kit';
import { MessagingModule } from '../../src';
import { NATS_URL, testLogger } from './fixtures';

export interface TestAppOptions {
  service?: string;
  namespace: string;
  url?: string;
  streams?: StreamDefinition[];
  reconnectTimeWaitMs?: number;
  extra?: ModuleMetadata;
}

/** A Nest application context with ServiceKitModule and MessagingModule, as a service would have it. */
export async function createMessagingApp(options: TestAppOptions): Promise<INestApplicationContext> {
  const service = options.service ?? 'messaging-test';
  @Module({
    imports: [
      ServiceKitModule.forRoot({ service, logger: testLogger(service), metrics: createMetrics(service, { defaultMetrics: false }) }),
      MessagingModule.forRoot({
        service,
        url: options.url ?? NATS_URL,
        namespace: options.namespace,
        streams: options.streams,
        reconnectTimeWaitMs: options.reconnectTimeWaitMs,
      }),
      ...(options.extra?.imports ?? []),
    ],
    providers: options.extra?.providers ?? [],
    controllers: options.extra?.controllers ?? [],
  })
  class TestAppModule {}
  const app = await NestFactory.createApplicationContext(TestAppModule, { logger: false });
  return app;
}
