import { Module } from '@nestjs/common';
import { ConnectivityProber } from './deployments/connectivity.prober';
import { DeploymentActionsService } from './deployments/deployment-actions.service';
import { DeploymentsController } from './deployments/deployments.controller';
import { DeploymentsService } from './deployments/deployments.service';
import { RuntimeStatusController } from './deployments/runtime-status.controller';
import { ProviderChildrenController } from './providers/provider-children.controller';
import { ProviderKeysService } from './providers/provider-keys.service';
import { ProviderModelsService } from './providers/provider-models.service';
import { ProvidersController } from './providers/providers.controller';
import { ProvidersService } from './providers/providers.service';
import { ModelsController } from './models/models.controller';
import { ModelsService } from './models/models.service';
import { PricesController } from './prices/prices.controller';
import { PricesService } from './prices/prices.service';
import { RoutesController } from './routes/routes.controller';
import { RoutesService } from './routes/routes.service';

/**
 * The catalog: providers (with encrypted keys), models, prices, deployments and routes, under
 * /api/v1/workspaces/:workspaceId/…. ChangeWriter, SecretBox, REGISTRY_DB and CONFIG come from the global
 * RegistryCoreModule.
 */
@Module({
  controllers: [ProvidersController, ProviderChildrenController, ModelsController, PricesController, DeploymentsController, RoutesController, RuntimeStatusController],
  providers: [
    ConnectivityProber,
    DeploymentsService,
    DeploymentActionsService,
    RoutesService,
    ProvidersService,
    ProviderKeysService,
    ProviderModelsService,
    ModelsService,
    PricesService,
  ],
})
export class CatalogModule {}
