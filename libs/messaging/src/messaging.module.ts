import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { StreamDefinition } from '@switchyard/contracts';
import type { Logger } from '@switchyard/observability';
import { LOGGER, ReadinessRegistry } from '@switchyard/service-kit';
import { EventPublisher } from './event.publisher';
import { NatsConnection } from './nats-connection';
import { RequestClient } from './request.client';
import { SignalBus } from './signal.bus';
import { ensureStreams } from './stream-provisioner';

export const MESSAGING_OPTIONS = Symbol('switchyard.messaging-options');

export interface MessagingModuleOptions {
  /** e.g. 'gateway': the connection name and the envelope source. */
  service: string;
  /** NATS_URL. */
  url: string;
  /** NATS_NAMESPACE: '' in production; tests isolate with natsNamespace(). */
  namespace?: string;
  /** JetStream streams to provision at init (namespaced automatically), e.g. [Streams.Control]. */
  streams?: StreamDefinition[];
  /** Pause between reconnect attempts (default 2000 ms). */
  reconnectTimeWaitMs?: number;
  /** False when the service keeps working without NATS (the gateway): `/readyz` reports it but stays 200. */
  readinessRequired?: boolean;
}

/** The name of the readiness check this module registers. */
export const NATS_READINESS_CHECK = 'nats';

async function createConnection(
  options: MessagingModuleOptions,
  logger: Logger,
  readiness: ReadinessRegistry,
): Promise<NatsConnection> {
  const conn = await NatsConnection.connect({
    url: options.url,
    name: options.service,
    service: options.service,
    namespace: options.namespace ?? '',
    logger,
    reconnectTimeWaitMs: options.reconnectTimeWaitMs,
  });
  readiness.register({ name: NATS_READINESS_CHECK, check: () => conn.isConnected(), required: options.readinessRequired !== false });
  if (options.streams && options.streams.length > 0) {
    try {
      const results = await ensureStreams(await conn.jsm(), options.streams, conn.namespace);
      logger.info({ component: 'nats', streams: results }, 'JetStream streams provisioned');
    } catch (err) {
      await conn.close();
      throw err;
    }
  }
  return conn;
}

/**
 * NATS for a Nest service (global): connects at init (waits for the server, reconnects forever), registers the
 * 'nats' readiness check, provisions the given streams, drains on shutdown. Import ServiceKitModule first.
 */
@Global()
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingModuleOptions): DynamicModule {
    return {
      module: MessagingModule,
      global: true,
      providers: [
        { provide: MESSAGING_OPTIONS, useValue: options },
        {
          provide: NatsConnection,
          useFactory: createConnection,
          inject: [MESSAGING_OPTIONS, LOGGER, ReadinessRegistry],
        },
        EventPublisher,
        SignalBus,
        RequestClient,
      ],
      exports: [MESSAGING_OPTIONS, NatsConnection, EventPublisher, SignalBus, RequestClient],
    };
  }
}
