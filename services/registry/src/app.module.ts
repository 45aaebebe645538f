import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { Streams } from '@switchyard/contracts';
import { MessagingModule } from '@switchyard/messaging';
import type { Logger, Metrics } from '@switchyard/observability';
import { ServiceKitModule } from '@switchyard/service-kit';
import { ApiKeysController } from './api-keys/api-keys.controller';
import { ApiKeysService } from './api-keys/api-keys.service';
import { AuditController } from './audit/audit.controller';
import { AdminBootstrap } from './auth/admin-bootstrap.service';
import { AuthController } from './auth/auth.controller';
import { AuthGuard } from './auth/auth.guard';
import { AuthService } from './auth/auth.service';
import { CatalogModule } from './catalog/catalog.module';
import { OutboxRelayService } from './events/outbox-relay.service';
import { RegistryCoreModule } from './registry-core.module';
import { RegistryRequestsResponder } from './snapshot/registry-requests.responder';
import { RegistrySnapshotBuilder } from './snapshot/registry-snapshot.builder';
import type { RegistryConfig } from './registry.config';
import { MembersController } from './tenancy/members.controller';
import { MembersService } from './tenancy/members.service';
import { WorkspacesController } from './tenancy/workspaces.controller';
import { WorkspacesService } from './tenancy/workspaces.service';

export const SERVICE = 'registry';

@Module({})
export class RegistryAppModule {}

/** The registry's root module: service kit, NATS, the core (db, secrets, change writer), auth, tenancy, catalog. */
export function registryAppModule(config: RegistryConfig, deps: { logger: Logger; metrics: Metrics }): DynamicModule {
  return {
    module: RegistryAppModule,
    imports: [
      ServiceKitModule.forRoot({ service: SERVICE, logger: deps.logger, metrics: deps.metrics }),
      MessagingModule.forRoot({ service: SERVICE, url: config.NATS_URL, namespace: config.NATS_NAMESPACE, streams: [Streams.Control] }),
      RegistryCoreModule.forRoot(config),
      CatalogModule,
    ],
    controllers: [AuthController, WorkspacesController, MembersController, ApiKeysController, AuditController],
    providers: [
      AuthService,
      AdminBootstrap,
      WorkspacesService,
      MembersService,
      ApiKeysService,
      RegistrySnapshotBuilder,
      OutboxRelayService,
      RegistryRequestsResponder,
      { provide: APP_GUARD, useClass: AuthGuard },
    ],
  };
}
