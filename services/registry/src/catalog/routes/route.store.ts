import type { RouteFallbackSnapshot, RouteOverflowOptions, RouteTargetSnapshot } from '@switchyard/contracts';
import type { Route } from '@switchyard/registry-store';
import { ApiError } from '../../common/api.error';
import type { RegistryTx } from '../../db/registry-db.provider';
import type { ChangeSet } from '../../events/change-writer.service';
import { conflictOnDuplicate, json, jsonOrNull } from '../catalog.common';
import { fallbackFromJson, routeToSnapshot, targetFromJson } from '../catalog.mappers';
import { referencedIds, resolveTargets, routeAfterRemoval, trafficShares, type KnownTargets } from './route.rules';
import type { FallbackInput, TargetInput } from './route.schemas';

// Route writes inside a ChangeWriter transaction, shared by the routes API and the deployments (same-name route,
// clean-up on delete). Every write bumps the route's version and emits RouteChanged.

export interface RouteData {
  name: string;
  description: string;
  targets: RouteTargetSnapshot[];
  fallback: RouteFallbackSnapshot | null;
  overflow: RouteOverflowOptions | null;
  accessKeyIds: string[];
  accessWorkspaces: string[];
  enabled: boolean;
}

export function routeView(row: Route) {
  const snapshot = routeToSnapshot(row);
  return {
    ...snapshot,
    description: row.description,
    shares: trafficShares(snapshot.targets),
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export type RouteView = ReturnType<typeof routeView>;

/** Loads what the targets reference, restricted to the workspace, and resolves them (422 naming the field). */
export async function resolveRouteTargets(
  tx: RegistryTx,
  workspaceId: string,
  targets: readonly TargetInput[],
  fallback: FallbackInput | null,
): Promise<{ targets: RouteTargetSnapshot[]; fallback: RouteFallbackSnapshot | null }> {
  const ids = referencedIds(fallback ? [...targets, fallback] : targets);
  const [deployments, providerModels] = await Promise.all([
    ids.deploymentIds.length
      ? tx.deployment.findMany({ where: { workspaceId, id: { in: ids.deploymentIds } }, select: { id: true } })
      : Promise.resolve([]),
    ids.providerModelIds.length
      ? tx.providerModel.findMany({ where: { workspaceId, id: { in: ids.providerModelIds } }, select: { id: true, providerId: true } })
      : Promise.resolve([]),
  ]);
  const known: KnownTargets = {
    deploymentIds: new Set(deployments.map((d) => d.id)),
    providerModels: new Map(providerModels.map((p) => [p.id, p.providerId])),
  };
  return resolveTargets(targets, fallback, known);
}

/** Access settings may name only existing workspaces and keys of this or an allowed workspace (422). */
export async function checkAccess(tx: RegistryTx, workspaceId: string, keyIds: string[], workspaceIds: string[]): Promise<void> {
  if (workspaceIds.length) {
    const found = new Set((await tx.workspace.findMany({ where: { id: { in: workspaceIds } }, select: { id: true } })).map((w) => w.id));
    const i = workspaceIds.findIndex((id) => !found.has(id));
    if (i >= 0) throw ApiError.unprocessable(`access.allowedWorkspaceIds.${i}: no such workspace`, `access.allowedWorkspaceIds.${i}`);
  }
  if (keyIds.length) {
    const scope = [workspaceId, ...workspaceIds];
    const rows = await tx.apiKey.findMany({ where: { id: { in: keyIds }, workspaceId: { in: scope } }, select: { id: true } });
    const found = new Set(rows.map((k) => k.id));
    const i = keyIds.findIndex((id) => !found.has(id));
    if (i >= 0) {
      throw ApiError.unprocessable(`access.allowedKeyIds.${i}: no such API key in this or an allowed workspace`, `access.allowedKeyIds.${i}`);
    }
  }
}

export async function insertRoute(tx: RegistryTx, changes: ChangeSet, workspaceId: string, data: RouteData): Promise<Route> {
  const row = await conflictOnDuplicate(
    () =>
      tx.route.create({
        data: {
          workspaceId,
          name: data.name,
          description: data.description,
          targets: json(data.targets),
          fallback: jsonOrNull(data.fallback),
          overflow: jsonOrNull(data.overflow),
          accessKeyIds: data.accessKeyIds,
          accessWorkspaces: data.accessWorkspaces,
          enabled: data.enabled,
        },
      }),
    `a route named "${data.name}" already exists in this workspace`,
  );
  emitRouteChanged(changes, row, 'created');
  changes.audit({ workspaceId, action: 'route.create', entityType: 'route', entityId: row.id, after: routeToSnapshot(row) });
  return row;
}

export async function updateRoute(tx: RegistryTx, changes: ChangeSet, before: Route, data: Partial<RouteData>): Promise<Route> {
  const row = await conflictOnDuplicate(
    () =>
      tx.route.update({
        where: { id: before.id },
        data: {
          ...(data.name !== undefined ? { name: data.name } : {}),
          ...(data.description !== undefined ? { description: data.description } : {}),
          ...(data.targets !== undefined ? { targets: json(data.targets) } : {}),
          ...(data.fallback !== undefined ? { fallback: jsonOrNull(data.fallback) } : {}),
          ...(data.overflow !== undefined ? { overflow: jsonOrNull(data.overflow) } : {}),
          ...(data.accessKeyIds !== undefined ? { accessKeyIds: data.accessKeyIds } : {}),
          ...(data.accessWorkspaces !== undefined ? { accessWorkspaces: data.accessWorkspaces } : {}),
          ...(data.enabled !== undefined ? { enabled: data.enabled } : {}),
          version: { increment: 1 },
        },
      }),
    `a route named "${data.name ?? before.name}" already exists in this workspace`,
  );
  emitRouteChanged(changes, row, 'updated', before.name !== row.name ? before.name : null);
  changes.audit({
    workspaceId: row.workspaceId,
    action: 'route.update',
    entityType: 'route',
    entityId: row.id,
    before: routeToSnapshot(before),
    after: routeToSnapshot(row),
  });
  return row;
}

export async function deleteRoute(tx: RegistryTx, changes: ChangeSet, before: Route): Promise<void> {
  await tx.route.delete({ where: { id: before.id } });
  changes.emit(
    'RouteChanged',
    { routeId: before.id, name: before.name, change: 'deleted', route: null, previousName: null },
    { workspaceId: before.workspaceId, aggregateId: before.id, aggregateVersion: before.version + 1 },
  );
  changes.audit({ workspaceId: before.workspaceId, action: 'route.delete', entityType: 'route', entityId: before.id, before: routeToSnapshot(before) });
}

function emitRouteChanged(changes: ChangeSet, row: Route, change: 'created' | 'updated', previousName: string | null = null): void {
  changes.emit(
    'RouteChanged',
    { routeId: row.id, name: row.name, change, route: routeToSnapshot(row), previousName },
    { workspaceId: row.workspaceId, aggregateId: row.id, aggregateVersion: row.version },
  );
}

/** Removes a deleted deployment or provider model from every route of the workspace that uses it. */
export async function removeFromRoutes(
  tx: RegistryTx,
  changes: ChangeSet,
  workspaceId: string,
  removed: { kind: 'deployment' | 'provider-model'; id: string; name?: string },
): Promise<void> {
  const routes = await tx.route.findMany({ where: { workspaceId }, orderBy: { createdAt: 'asc' } });
  const ref = {
    kind: removed.kind,
    deploymentId: removed.kind === 'deployment' ? removed.id : null,
    providerModelId: removed.kind === 'provider-model' ? removed.id : null,
    name: removed.name,
  };
  for (const route of routes) {
    const targets = Array.isArray(route.targets) ? route.targets.map(targetFromJson) : [];
    const outcome = routeAfterRemoval({ name: route.name, targets, fallback: fallbackFromJson(route.fallback) }, ref);
    if (outcome.action === 'delete') await deleteRoute(tx, changes, route);
    else if (outcome.action === 'update') await updateRoute(tx, changes, route, { targets: outcome.targets, fallback: outcome.fallback });
  }
}
