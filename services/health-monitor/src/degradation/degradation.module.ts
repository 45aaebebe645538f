import { Module } from '@nestjs/common';
import { PoolsModule } from '../pools/pools.module';
import { TrackingModule } from '../tracking/tracking.module';
import { DegradationService } from './degradation.service';

/** Outliers against their peers: degraded (lower weight) and recovered. */
@Module({ imports: [TrackingModule, PoolsModule], providers: [DegradationService] })
export class DegradationModule {}
