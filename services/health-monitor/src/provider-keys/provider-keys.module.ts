import { Module } from '@nestjs/common';
import { EjectionModule } from '../ejection/ejection.module';
import { PoolsModule } from '../pools/pools.module';
import { ShardingModule } from '../sharding/sharding.module';
import { TrackingModule } from '../tracking/tracking.module';
import { ProviderKeyMonitor } from './provider-key.monitor';

/** Cooldown and restoration of failing SaaS provider keys. */
@Module({ imports: [TrackingModule, PoolsModule, ShardingModule, EjectionModule], providers: [ProviderKeyMonitor], exports: [ProviderKeyMonitor] })
export class ProviderKeysModule {}
