import { Module, type DynamicModule } from '@nestjs/common';
import { CONFIG, ConfigService } from '@switchyard/config';
import type { Logger, Metrics } from '@switchyard/observability';
import { ServiceKitModule } from '@switchyard/service-kit';
import { ApiModule } from './api/api.module';
import type { HealthMonitorConfig } from './config/health-monitor.config';
import { DegradationModule } from './degradation/degradation.module';
import { HealthMonitorOptionsModule } from './health-monitor.options';
import { PassiveModule } from './passive/passive.module';
import { ProbingModule } from './probing/probing.module';
import { RedisModule } from './redis/redis.module';
import { NatsTransportModule } from './transport/nats-transport.module';

export const SERVICE = 'health-monitor';

/** The health monitor: probes, passive signals, ejection, degradation, provider keys, sharing between replicas. */
@Module({})
export class HealthMonitorModule {
  static forRoot(config: HealthMonitorConfig, deps: { logger: Logger; metrics: Metrics }): DynamicModule {
    return {
      module: HealthMonitorModule,
      imports: [
        ServiceKitModule.forRoot({ service: SERVICE, ...deps }),
        HealthMonitorOptionsModule.forRoot(config),
        RedisModule.forRoot({ url: config.REDIS_URL, prefix: config.REDIS_PREFIX, replicaId: config.HEALTH_MONITOR_REPLICA_ID }),
        NatsTransportModule.forRoot({ service: SERVICE, url: config.NATS_URL, namespace: config.NATS_NAMESPACE, registryTimeoutMs: config.REGISTRY_TIMEOUT_MS }),
        ProbingModule,
        DegradationModule,
        PassiveModule,
        ApiModule,
      ],
      providers: [{ provide: CONFIG, useValue: new ConfigService(config) }],
      exports: [CONFIG],
    };
  }
}
