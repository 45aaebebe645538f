import { Inject, Injectable } from '@nestjs/common';
import { REGISTRY_SNAPSHOT_SCHEMA_VERSION, type RegistrySnapshot } from '@switchyard/contracts';
import { Prisma } from '@switchyard/registry-store';
import { apiKeySnapshot } from '../api-keys/api-key.schemas';
import {
  deploymentToSnapshot,
  modelToSnapshot,
  priceToSnapshot,
  providerToSnapshot,
  routeToSnapshot,
} from '../catalog/catalog.mappers';
import { REGISTRY_DB, type RegistryDb } from '../db/registry-db.provider';
import { workspaceSnapshot } from '../tenancy/workspace.schemas';

/**
 * The whole configuration as one consistent, versioned snapshot (never a secret). Read in one repeatable-read
 * transaction; `version` is the id of the last outbox event committed, so a consumer applies only later events.
 */
@Injectable()
export class RegistrySnapshotBuilder {
  constructor(@Inject(REGISTRY_DB) private readonly db: RegistryDb) {}

  async build(): Promise<RegistrySnapshot> {
    return this.db.$transaction(
      async (tx) => {
        // Writers take OUTBOX_LOCK_KEY before inserting outbox rows, so committed ids are always a prefix: the
        // highest id this snapshot sees is exactly the last event it reflects.
        const last = await tx.outboxEvent.findFirst({ orderBy: { id: 'desc' }, select: { id: true } });
        const [workspaces, apiKeys, providers, models, prices, deployments, routes] = await Promise.all([
          tx.workspace.findMany({ orderBy: { createdAt: 'asc' } }),
          tx.apiKey.findMany({ where: { revokedAt: null }, orderBy: { createdAt: 'asc' } }),
          tx.provider.findMany({
            orderBy: { createdAt: 'asc' },
            include: { keys: { orderBy: { createdAt: 'asc' } }, models: { orderBy: { createdAt: 'asc' } } },
          }),
          tx.model.findMany({ orderBy: { createdAt: 'asc' } }),
          tx.price.findMany({ orderBy: [{ effectiveFrom: 'asc' }, { createdAt: 'asc' }] }),
          tx.deployment.findMany({ orderBy: { createdAt: 'asc' }, include: { endpoints: { orderBy: { createdAt: 'asc' } } } }),
          tx.route.findMany({ orderBy: { createdAt: 'asc' } }),
        ]);
        return {
          schemaVersion: REGISTRY_SNAPSHOT_SCHEMA_VERSION,
          version: last ? Number(last.id) : 0,
          generatedAt: new Date().toISOString(),
          workspaces: workspaces.map(workspaceSnapshot),
          apiKeys: apiKeys.map(apiKeySnapshot),
          providers: providers.map(providerToSnapshot),
          models: models.map(modelToSnapshot),
          prices: prices.map(priceToSnapshot),
          deployments: deployments.map(deploymentToSnapshot),
          routes: routes.map(routeToSnapshot),
        };
      },
      { isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead },
    );
  }
}
