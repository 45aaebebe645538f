import { Global, Module, type DynamicModule } from '@nestjs/common';
import { defaultPolicy, providerKeyPolicy, type HealthMonitorConfig } from './config/health-monitor.config';
import { DEGRADATION_EVAL_MS } from './degradation/degradation.tokens';
import { POOL_RESYNC_MS, SETTINGS_OPTIONS, type SettingsOptions } from './pools/pools.tokens';
import { PROBE_TICK_MS } from './probing/probing.tokens';
import { PROVIDER_KEY_POLICY } from './provider-keys/provider-keys.tokens';
import { SHARDING_OPTIONS, type ShardingOptions } from './sharding/sharding.tokens';
import { HISTORY_LIMIT } from './tracking/tracking.tokens';

/** The validated configuration, turned into the typed options each concept module injects. */
@Global()
@Module({})
export class HealthMonitorOptionsModule {
  static forRoot(config: HealthMonitorConfig): DynamicModule {
    const policy = defaultPolicy(config);
    const settings: SettingsOptions = {
      defaults: { policy, probe: { path: config.PROBE_PATH, timeoutMs: Math.min(config.PROBE_TIMEOUT_MS, policy.intervalMs), model: '' } },
      baseEjectionOverride: config.BASE_EJECTION_MS,
      resyncMs: config.REGISTRY_RESYNC_MS,
    };
    const sharding: ShardingOptions = { replicaId: config.HEALTH_MONITOR_REPLICA_ID, heartbeatMs: config.REPLICA_HEARTBEAT_MS };
    const values: Array<[symbol, unknown]> = [
      [SETTINGS_OPTIONS, settings],
      [SHARDING_OPTIONS, sharding],
      [POOL_RESYNC_MS, config.POOL_RESYNC_MS],
      [HISTORY_LIMIT, config.HISTORY_LIMIT],
      [PROBE_TICK_MS, config.PROBE_TICK_MS],
      [DEGRADATION_EVAL_MS, config.DEGRADATION_EVAL_MS],
      [PROVIDER_KEY_POLICY, providerKeyPolicy(config)],
    ];
    return {
      module: HealthMonitorOptionsModule,
      providers: values.map(([provide, useValue]) => ({ provide, useValue })),
      exports: values.map(([provide]) => provide),
    };
  }
}
