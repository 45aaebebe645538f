import { Module } from '@nestjs/common';
import { PoolsModule } from '../pools/pools.module';
import { ShardingModule } from '../sharding/sharding.module';
import { TrackingModule } from '../tracking/tracking.module';
import { ProbeLoop } from './probe-loop.service';

/** Active probes on each deployment's interval. */
@Module({ imports: [TrackingModule, PoolsModule, ShardingModule], providers: [ProbeLoop] })
export class ProbingModule {}
