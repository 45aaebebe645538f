import { Module } from '@nestjs/common';
import { ProviderKeysModule } from '../provider-keys/provider-keys.module';
import { ShardingModule } from '../sharding/sharding.module';
import { TrackingModule } from '../tracking/tracking.module';
import { OutcomeListener } from './outcome.listener';

/** The gateways' passive outcome signals. */
@Module({ imports: [TrackingModule, ProviderKeysModule, ShardingModule], providers: [OutcomeListener] })
export class PassiveModule {}
