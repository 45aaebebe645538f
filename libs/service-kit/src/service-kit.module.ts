import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { Logger, Metrics } from '@switchyard/observability';
import { HealthController } from './health.controller';
import { ReadinessRegistry } from './readiness.registry';
import { LOGGER, METRICS, SERVICE_NAME } from './service-kit.tokens';

export { LOGGER, METRICS, SERVICE_NAME };

/** Global module: the logger, the metrics registry, readiness checks and the health/metrics endpoints. */
@Global()
@Module({})
export class ServiceKitModule {
  static forRoot(options: { service: string; logger: Logger; metrics: Metrics }): DynamicModule {
    return {
      module: ServiceKitModule,
      controllers: [HealthController],
      providers: [
        ReadinessRegistry,
        { provide: LOGGER, useValue: options.logger },
        { provide: METRICS, useValue: options.metrics },
        { provide: SERVICE_NAME, useValue: options.service },
      ],
      exports: [ReadinessRegistry, LOGGER, METRICS, SERVICE_NAME],
    };
  }
}
