import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Prisma } from '@switchyard/registry-store';
import type { Principal } from '../../auth/principal';
import { ApiError } from '../../common/api.error';
import { parseInput, type Page } from '../../common/validation';
import { REGISTRY_DB, type RegistryDb } from '../../db/registry-db.provider';
import { ChangeWriter } from '../../events/change-writer.service';
import { SecretBox } from '../../secrets/secret-box.service';
import { assertWorkspaceExists, conflictOnDuplicate, containsFilter, json, pageOf, parseListQuery } from '../catalog.common';
import { providerToSnapshot } from '../catalog.mappers';
import { emitCascadedPriceDeletes } from '../prices/price.store';
import { removeFromRoutes } from '../routes/route.store';
import { createProviderSchema, DEFAULT_BASE_URLS, providerListFilters, updateProviderSchema, type KeyInput } from './provider.schemas';
import {
  assertUniqueNames,
  checkModelIds,
  findProvider,
  providerChanged,
  providerModelData,
  providerView,
  type ProviderView,
} from './provider.store';

/** A key ready to insert: sealed under its own id (the AAD), so the ciphertext only opens on its own row. */
export async function sealKey(box: SecretBox, input: KeyInput) {
  const id = randomUUID();
  const sealed = await box.seal(input.secret, id);
  return { id, description: input.description, weight: input.weight, enabled: input.enabled, ...sealed };
}

/** Providers: SaaS or OpenAI-compatible APIs with weighted, encrypted keys and registered models. */
@Injectable()
export class ProvidersService {
  constructor(
    @Inject(REGISTRY_DB) private readonly db: RegistryDb,
    private readonly writer: ChangeWriter,
    private readonly box: SecretBox,
  ) {}

  async list(workspaceId: string, rawQuery: unknown): Promise<Page<ProviderView>> {
    const query = parseListQuery(providerListFilters, rawQuery);
    const where: Prisma.ProviderWhereInput = {
      workspaceId,
      ...(query.q ? { name: containsFilter(query.q) } : {}),
      ...(query.vendor ? { vendor: query.vendor } : {}),
      ...(query.enabled ? { enabled: query.enabled === 'true' } : {}),
    };
    const [rows, total] = await Promise.all([
      this.db.provider.findMany({
        where,
        include: { keys: { orderBy: { createdAt: 'asc' } }, models: { orderBy: { name: 'asc' } } },
        orderBy: [{ priority: 'asc' }, { name: 'asc' }],
        skip: query.offset,
        take: query.limit,
      }),
      this.db.provider.count({ where }),
    ]);
    return pageOf(rows.map(providerView), total, query);
  }

  async get(workspaceId: string, id: string): Promise<ProviderView> {
    return providerView(await findProvider(this.db, workspaceId, id));
  }

  async create(principal: Principal, workspaceId: string, body: unknown): Promise<ProviderView> {
    const input = parseInput(createProviderSchema, body);
    const baseUrl = input.baseUrl ?? DEFAULT_BASE_URLS[input.vendor];
    if (!baseUrl) throw ApiError.badRequest(`baseUrl: is required for vendor ${input.vendor}`, 'baseUrl');
    if (input.vendor === 'azure' && !input.apiVersion) throw ApiError.badRequest('apiVersion: is required for vendor azure (e.g. 2024-06-01)', 'apiVersion');
    assertUniqueNames(input.models.map((m) => m.name), 'models');
    const keys = await Promise.all(input.keys.map((k) => sealKey(this.box, k)));
    const row = await this.writer.run(principal, async (tx, changes) => {
      await assertWorkspaceExists(tx, workspaceId);
      await checkModelIds(tx, workspaceId, input.models.map((m) => m.modelId), (i) => `models.${i}.modelId`);
      const provider = await conflictOnDuplicate(
        () =>
          tx.provider.create({
            data: {
              workspaceId,
              name: input.name,
              vendor: input.vendor,
              baseUrl,
              apiVersion: input.apiVersion ?? null,
              deploymentMap: json(input.deploymentMap),
              priority: input.priority,
              enabled: input.enabled,
              keys: { create: keys },
            },
          }),
        `a provider named "${input.name}" already exists in this workspace`,
      );
      if (input.models.length) {
        await tx.providerModel.createMany({ data: input.models.map((m) => providerModelData(provider, m)) });
      }
      return providerChanged(tx, changes, provider.id, 'create', { credentialsChanged: keys.length > 0, created: true });
    });
    return providerView(row);
  }

  async update(principal: Principal, workspaceId: string, id: string, body: unknown): Promise<ProviderView> {
    const input = parseInput(updateProviderSchema, body);
    if (input.vendor !== undefined) throw ApiError.unprocessable('vendor: cannot be changed; create another provider', 'vendor');
    const row = await this.writer.run(principal, async (tx, changes) => {
      const before = await findProvider(tx, workspaceId, id);
      // Keys go wherever the base URL points (discovery here, every request in the gateway): moving a provider
      // to another host with its keys would hand them to that host. Keys must be removed and entered again.
      if (input.baseUrl !== undefined && before.keys.length > 0 && new URL(input.baseUrl).origin !== new URL(before.baseUrl).origin) {
        throw ApiError.conflict('baseUrl: a provider with keys cannot move to another host (its keys would be sent there); remove its keys first, or create another provider', 'baseUrl');
      }
      const apiVersion = input.apiVersion === undefined ? before.apiVersion : input.apiVersion;
      if (before.vendor === 'azure' && !apiVersion) throw ApiError.badRequest('apiVersion: is required for vendor azure', 'apiVersion');
      await conflictOnDuplicate(
        () =>
          tx.provider.update({
            where: { id: before.id },
            data: {
              ...(input.name !== undefined ? { name: input.name } : {}),
              ...(input.baseUrl !== undefined ? { baseUrl: input.baseUrl } : {}),
              ...(input.apiVersion !== undefined ? { apiVersion: input.apiVersion } : {}),
              ...(input.deploymentMap !== undefined ? { deploymentMap: json(input.deploymentMap) } : {}),
              ...(input.priority !== undefined ? { priority: input.priority } : {}),
              ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
            },
          }),
        `a provider named "${input.name ?? before.name}" already exists in this workspace`,
      );
      if (before.vendor === 'azure' && input.deploymentMap) {
        for (const [name, deployment] of Object.entries(input.deploymentMap)) {
          await tx.providerModel.updateMany({ where: { providerId: before.id, name }, data: { azureDeployment: deployment } });
        }
      }
      // A base URL change sends the keys elsewhere: consumers refetch credentials.
      const credentialsChanged = input.baseUrl !== undefined && input.baseUrl !== before.baseUrl;
      return providerChanged(tx, changes, before.id, 'update', { credentialsChanged, before });
    });
    return providerView(row);
  }

  /** Deletes the provider, its keys and models; routes lose its models as targets. */
  async remove(principal: Principal, workspaceId: string, id: string): Promise<void> {
    await this.writer.run(principal, async (tx, changes) => {
      const before = await findProvider(tx, workspaceId, id);
      for (const m of before.models) await removeFromRoutes(tx, changes, workspaceId, { kind: 'provider-model', id: m.id });
      await emitCascadedPriceDeletes(tx, changes, workspaceId, { providerModelId: { in: before.models.map((m) => m.id) } });
      await tx.provider.delete({ where: { id: before.id } });
      changes.emit(
        'ProviderChanged',
        { providerId: before.id, change: 'deleted', provider: null, credentialsChanged: before.keys.length > 0 },
        { workspaceId, aggregateId: before.id, aggregateVersion: before.version + 1 },
      );
      changes.audit({ workspaceId, action: 'provider.delete', entityType: 'provider', entityId: before.id, before: providerToSnapshot(before) });
    });
  }
}
