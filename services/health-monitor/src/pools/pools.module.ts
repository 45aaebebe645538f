import { Module } from '@nestjs/common';
import { DeploymentSettingsService } from './deployment-settings.service';
import { PoolCatalog } from './pool-catalog.service';
import { RegistryEventsController } from './registry-events.controller';

/** Which instances exist (pools from Redis) and how they are checked (health-check settings from the registry). */
@Module({ controllers: [RegistryEventsController], providers: [PoolCatalog, DeploymentSettingsService], exports: [PoolCatalog, DeploymentSettingsService] })
export class PoolsModule {}
