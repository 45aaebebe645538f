import { Inject, Injectable, Optional } from '@nestjs/common';
import { CONFIG, type ConfigService } from '@switchyard/config';
import type { ProviderModel } from '@switchyard/registry-store';
import type { Principal } from '../../auth/principal';
import { ApiError } from '../../common/api.error';
import { parseInput, pathId } from '../../common/validation';
import { REGISTRY_DB, type RegistryDb } from '../../db/registry-db.provider';
import { ChangeWriter } from '../../events/change-writer.service';
import type { RegistryConfig } from '../../registry.config';
import { SecretBox } from '../../secrets/secret-box.service';
import { conflictOnDuplicate } from '../catalog.common';
import { emitCascadedPriceDeletes } from '../prices/price.store';
import { removeFromRoutes } from '../routes/route.store';
import { DiscoveryError, discoveryFailureFor, discoveryRequest, parseModelList, pickKey, toModelName } from './provider-discovery.rules';
import { discoverSchema, providerModelInputSchema, updateProviderModelSchema, type Vendor } from './provider.schemas';
import {
  checkModelIds,
  findProvider,
  providerChanged,
  providerModelData,
  providerModelView,
  type ProviderModelView,
  type ProviderWithChildren,
} from './provider.store';

export interface DiscoveryResult {
  /** Model ids the provider lists. */
  found: string[];
  /** Provider models registered by this call. */
  added: ProviderModelView[];
  /** Names that were already registered. */
  existing: string[];
}

/** Models registered on a provider (CRUD) and discovery through the provider's `/models`. */
@Injectable()
export class ProviderModelsService {
  private readonly timeoutMs: number;

  constructor(
    @Inject(REGISTRY_DB) private readonly db: RegistryDb,
    private readonly writer: ChangeWriter,
    private readonly box: SecretBox,
    @Optional() @Inject(CONFIG) config?: ConfigService<RegistryConfig>,
  ) {
    // Discovery talks to SaaS APIs across the internet: allow more than the connectivity test's timeout.
    this.timeoutMs = Math.max(5000, 3 * (config?.get('CONNECTIVITY_TIMEOUT_MS') ?? 2000));
  }

  async list(workspaceId: string, providerId: string): Promise<ProviderModelView[]> {
    return (await findProvider(this.db, workspaceId, providerId)).models.map(providerModelView);
  }

  async create(principal: Principal, workspaceId: string, providerId: string, body: unknown): Promise<ProviderModelView> {
    const input = parseInput(providerModelInputSchema, body);
    return this.writer.run(principal, async (tx, changes) => {
      const before = await findProvider(tx, workspaceId, providerId);
      await checkModelIds(tx, workspaceId, [input.modelId], () => 'modelId');
      const created = await conflictOnDuplicate(
        () => tx.providerModel.create({ data: providerModelData(before, input) }),
        `provider "${before.name}" already has a model named "${input.name}"`,
      );
      await providerChanged(tx, changes, before.id, 'model.add', { credentialsChanged: false, before });
      return providerModelView(created);
    });
  }

  async update(principal: Principal, workspaceId: string, providerId: string, modelId: string, body: unknown): Promise<ProviderModelView> {
    const input = parseInput(updateProviderModelSchema, body);
    return this.writer.run(principal, async (tx, changes) => {
      const before = await findProvider(tx, workspaceId, providerId);
      const model = findModel(before, modelId);
      await checkModelIds(tx, workspaceId, [input.modelId], () => 'modelId');
      const updated = await conflictOnDuplicate(
        () => tx.providerModel.update({ where: { id: model.id }, data: input }),
        `provider "${before.name}" already has a model named "${input.name ?? model.name}"`,
      );
      await providerChanged(tx, changes, before.id, 'model.update', { credentialsChanged: false, before });
      return providerModelView(updated);
    });
  }

  async remove(principal: Principal, workspaceId: string, providerId: string, modelId: string): Promise<void> {
    await this.writer.run(principal, async (tx, changes) => {
      const before = await findProvider(tx, workspaceId, providerId);
      const model = findModel(before, modelId);
      await removeFromRoutes(tx, changes, workspaceId, { kind: 'provider-model', id: model.id });
      await emitCascadedPriceDeletes(tx, changes, workspaceId, { providerModelId: model.id });
      await tx.providerModel.delete({ where: { id: model.id } });
      await providerChanged(tx, changes, before.id, 'model.remove', { credentialsChanged: false, before });
    });
  }

  /** Calls `<baseUrl>/models` with one of the provider's keys and registers the models not yet registered. */
  async discover(principal: Principal, workspaceId: string, providerId: string, body: unknown): Promise<DiscoveryResult> {
    const input = parseInput(discoverSchema, body ?? {});
    const provider = await findProvider(this.db, workspaceId, providerId);
    const key = pickKey(provider.keys, input.keyId);
    const secret = await this.box.open(key, key.id);
    const found = await this.fetchModels(provider.vendor as Vendor, provider.baseUrl, provider.apiVersion, secret);
    const known = new Set(provider.models.map((m) => m.name));
    const names = found.map((upstream) => ({ upstream, name: toModelName(upstream) })).filter((x): x is { upstream: string; name: string } => !!x.name);
    const fresh = names.filter((x) => !known.has(x.name));
    const existing = names.filter((x) => known.has(x.name)).map((x) => x.name);
    if (!input.register || fresh.length === 0) return { found, added: [], existing };
    const added = await this.writer.run(principal, async (tx, changes) => {
      const before = await findProvider(tx, workspaceId, providerId);
      await tx.providerModel.createMany({
        data: fresh.map((x) => providerModelData(before, { name: x.name, upstreamName: x.upstream })),
        skipDuplicates: true,
      });
      const after = await providerChanged(tx, changes, before.id, 'discover', { credentialsChanged: false, before });
      const wanted = new Set(fresh.map((x) => x.name));
      const previously = new Set(before.models.map((m) => m.name));
      return after.models.filter((m) => wanted.has(m.name) && !previously.has(m.name)).map(providerModelView);
    });
    return { found, added, existing };
  }

  private async fetchModels(vendor: Vendor, baseUrl: string, apiVersion: string | null, secret: string): Promise<string[]> {
    const request = discoveryRequest(vendor, baseUrl, apiVersion, secret);
    let response: Response;
    try {
      response = await fetch(request.url, { headers: request.headers, redirect: 'manual', signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (error) {
      const name = (error as { name?: string } | null)?.name;
      const message = name === 'TimeoutError' || name === 'AbortError' ? `no answer within ${this.timeoutMs} ms` : 'the provider is unreachable';
      throw new DiscoveryError(message, true).toApiError();
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      throw discoveryFailureFor(response.status).toApiError();
    }
    const text = await response.text();
    if (text.length > 5_000_000) throw new DiscoveryError('the model list is larger than 5 MB', false).toApiError();
    try {
      return parseModelList(JSON.parse(text) as unknown);
    } catch (error) {
      if (error instanceof DiscoveryError) throw error.toApiError();
      throw new DiscoveryError('the provider answered with something other than JSON', false).toApiError();
    }
  }
}

function findModel(provider: ProviderWithChildren, modelId: string): ProviderModel {
  pathId(modelId, 'provider model');
  const model = provider.models.find((m) => m.id === modelId);
  if (!model) throw ApiError.notFound('provider model');
  return model;
}
