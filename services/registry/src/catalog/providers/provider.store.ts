import type { Provider, ProviderKey, ProviderModel } from '@switchyard/registry-store';
import { ApiError } from '../../common/api.error';
import { pathId } from '../../common/validation';
import type { RegistryDb, RegistryTx } from '../../db/registry-db.provider';
import type { ChangeSet } from '../../events/change-writer.service';
import { maskLast4, providerModelToSnapshot, providerToSnapshot } from '../catalog.mappers';
import type { ProviderModelInput } from './provider.schemas';

// Provider reads and writes shared by the provider, key and model services. Secret columns never leave this
// layer: views and events carry the last 4 characters only.

export type ProviderWithChildren = Provider & { keys: ProviderKey[]; models: ProviderModel[] };

const CHILDREN = { keys: { orderBy: { createdAt: 'asc' as const } }, models: { orderBy: { name: 'asc' as const } } };

export function keyView(k: ProviderKey) {
  return {
    id: k.id,
    description: k.description,
    weight: k.weight,
    maskedSecret: maskLast4(k.last4),
    enabled: k.enabled,
    createdAt: k.createdAt.toISOString(),
  };
}

export function providerModelView(m: ProviderModel) {
  return { ...providerModelToSnapshot(m), providerId: m.providerId, createdAt: m.createdAt.toISOString() };
}

export function providerView(row: ProviderWithChildren) {
  const snapshot = providerToSnapshot(row);
  return {
    ...snapshot,
    deploymentMap: (row.deploymentMap ?? {}) as Record<string, string>,
    priority: row.priority,
    keys: row.keys.map(keyView),
    models: row.models.map(providerModelView),
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export type ProviderView = ReturnType<typeof providerView>;
export type KeyView = ReturnType<typeof keyView>;
export type ProviderModelView = ReturnType<typeof providerModelView>;

/** The provider of this workspace with keys and models, else 404. */
export async function findProvider(db: RegistryDb | RegistryTx, workspaceId: string, id: string): Promise<ProviderWithChildren> {
  pathId(id, 'provider');
  const row = await db.provider.findFirst({ where: { id, workspaceId }, include: CHILDREN });
  if (!row) throw ApiError.notFound('provider');
  return row;
}

/** Bumps the provider's version, emits ProviderChanged with the new state and audits. Returns the new state. */
export async function providerChanged(
  tx: RegistryTx,
  changes: ChangeSet,
  providerId: string,
  action: string,
  opts: { credentialsChanged: boolean; before?: ProviderWithChildren; created?: boolean },
): Promise<ProviderWithChildren> {
  const row = await tx.provider.update({ where: { id: providerId }, data: { version: { increment: opts.created ? 0 : 1 } }, include: CHILDREN });
  const provider = providerToSnapshot(row);
  changes.emit(
    'ProviderChanged',
    { providerId: row.id, change: opts.created ? 'created' : 'updated', provider, credentialsChanged: opts.credentialsChanged },
    { workspaceId: row.workspaceId, aggregateId: row.id, aggregateVersion: row.version },
  );
  changes.audit({
    workspaceId: row.workspaceId,
    action: `provider.${action}`,
    entityType: 'provider',
    entityId: row.id,
    before: opts.before ? providerToSnapshot(opts.before) : undefined,
    after: provider,
  });
  return row;
}

/** Provider model rows for a provider: Azure models default their deployment to deploymentMap[name] or the name. */
export function providerModelData(
  provider: Pick<Provider, 'id' | 'workspaceId' | 'vendor' | 'deploymentMap'>,
  input: ProviderModelInput,
): { workspaceId: string; providerId: string; name: string; upstreamName: string; azureDeployment: string | null; modelId: string | null } {
  const map = (provider.deploymentMap ?? {}) as Record<string, string>;
  const azureDeployment = provider.vendor === 'azure' ? (input.azureDeployment ?? map[input.name] ?? input.name) : (input.azureDeployment ?? null);
  return {
    workspaceId: provider.workspaceId,
    providerId: provider.id,
    name: input.name,
    upstreamName: input.upstreamName ?? input.name,
    azureDeployment,
    modelId: input.modelId ?? null,
  };
}

/** Logical model ids must be models of this workspace (422 naming the field). */
export async function checkModelIds(tx: RegistryTx, workspaceId: string, ids: (string | null | undefined)[], field: (i: number) => string): Promise<void> {
  const wanted = ids.map((id, i) => ({ id, i })).filter((x): x is { id: string; i: number } => typeof x.id === 'string');
  if (wanted.length === 0) return;
  const found = new Set(
    (await tx.model.findMany({ where: { workspaceId, id: { in: wanted.map((w) => w.id) } }, select: { id: true } })).map((m) => m.id),
  );
  const missing = wanted.find((w) => !found.has(w.id));
  if (missing) throw ApiError.unprocessable(`${field(missing.i)}: no such model in this workspace`, field(missing.i));
}

/** Duplicate names inside one request body are 409 like duplicates against the table. */
export function assertUniqueNames(names: string[], what: string): void {
  const seen = new Set<string>();
  names.forEach((n, i) => {
    if (seen.has(n)) throw ApiError.conflict(`${what}.${i}.name: duplicate name "${n}"`, `${what}.${i}.name`);
    seen.add(n);
  });
}
