import { Module } from '@nestjs/common';
import { EjectionModule } from '../ejection/ejection.module';
import { PoolsModule } from '../pools/pools.module';
import { ShardingModule } from '../sharding/sharding.module';
import { HealthRecorder } from './health-recorder.service';
import { InstanceTracker } from './instance-tracker.service';
import { TransitionHistoryStore } from './transition-history.store';

/** Per-instance health state: the state machine's I/O shell, the record in Redis, history and events. */
@Module({
  imports: [PoolsModule, ShardingModule, EjectionModule],
  providers: [InstanceTracker, HealthRecorder, TransitionHistoryStore],
  exports: [InstanceTracker, HealthRecorder, TransitionHistoryStore],
})
export class TrackingModule {}
