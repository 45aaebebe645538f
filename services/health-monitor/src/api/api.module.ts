import { Module } from '@nestjs/common';
import { TrackingModule } from '../tracking/tracking.module';
import { InstancesController } from './instances.controller';

/** REST for the dashboard. */
@Module({ imports: [TrackingModule], controllers: [InstancesController] })
export class ApiModule {}
