import { Global, Module, type DynamicModule } from '@nestjs/common';
import { Streams } from '@switchyard/contracts';
import { MessagingModule } from '@switchyard/messaging';
import { HEALTH_EVENTS } from '../events/health-events.port';
import { OUTCOME_SOURCE } from '../passive/outcome-source.port';
import { REGISTRY_SOURCE } from '../pools/registry-source.port';
import { NatsHealthEvents } from './nats-health-events.adapter';
import { NatsOutcomeSource } from './nats-outcome-source.adapter';
import { NatsRegistrySource, REGISTRY_TIMEOUT_MS } from './nats-registry-source.adapter';

/** The monitor's ports on NATS: health events and signals out, passive outcomes and the registry snapshot in. */
@Global()
@Module({})
export class NatsTransportModule {
  static forRoot(options: { service: string; url: string; namespace: string; registryTimeoutMs: number }): DynamicModule {
    return {
      module: NatsTransportModule,
      imports: [MessagingModule.forRoot({ service: options.service, url: options.url, namespace: options.namespace, streams: [Streams.Control] })],
      providers: [
        { provide: REGISTRY_TIMEOUT_MS, useValue: options.registryTimeoutMs },
        { provide: HEALTH_EVENTS, useClass: NatsHealthEvents },
        { provide: OUTCOME_SOURCE, useClass: NatsOutcomeSource },
        { provide: REGISTRY_SOURCE, useClass: NatsRegistrySource },
      ],
      exports: [HEALTH_EVENTS, OUTCOME_SOURCE, REGISTRY_SOURCE],
    };
  }
}
