// The gateway's Nest module: service kit, NATS, configuration and the runtime. The OpenAI API itself is registered
// as raw Fastify routes (see http/openai.routes.ts) by main.ts.
import type { DynamicModule } from '@nestjs/common';
import { CONFIG, ConfigService } from '@switchyard/config';
import { MessagingModule } from '@switchyard/messaging';
import type { Logger, Metrics } from '@switchyard/observability';
import { ServiceKitModule } from '@switchyard/service-kit';
import type { GatewayConfig } from './gateway.config';
import { GatewayRuntime } from './gateway.runtime';

export class GatewayModule {
  static forRoot(config: Readonly<GatewayConfig>, deps: { logger: Logger; metrics: Metrics }): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        ServiceKitModule.forRoot({ service: 'gateway', logger: deps.logger, metrics: deps.metrics }),
        // NATS and Redis are optional for readiness: the gateway serves from its mirror while they are away.
        MessagingModule.forRoot({ service: 'gateway', url: config.NATS_URL, namespace: config.NATS_NAMESPACE, readinessRequired: false }),
      ],
      providers: [{ provide: CONFIG, useValue: new ConfigService<GatewayConfig>(config) }, GatewayRuntime],
      exports: [GatewayRuntime],
    };
  }
}
