import { Inject, Injectable } from '@nestjs/common';
import type { Prisma, Route } from '@switchyard/registry-store';
import { ApiError } from '../../common/api.error';
import { parseInput, pathId, type Page } from '../../common/validation';
import type { Principal } from '../../auth/principal';
import { assertMayShareWith } from '../../tenancy/workspace-access';
import { REGISTRY_DB, type RegistryDb, type RegistryTx } from '../../db/registry-db.provider';
import { ChangeWriter } from '../../events/change-writer.service';
import { assertWorkspaceExists, containsFilter, pageOf, parseListQuery } from '../catalog.common';
import { fallbackFromJson, targetFromJson } from '../catalog.mappers';
import { createRouteSchema, retargetSchema, routeListFilters, updateRouteSchema, type FallbackInput } from './route.schemas';
import { checkAccess, deleteRoute, insertRoute, resolveRouteTargets, routeView, updateRoute, type RouteView } from './route.store';
import type { RouteFallbackSnapshot } from '@switchyard/contracts';

/** Routes: the model names clients send, with weighted targets, a fallback and access settings. */
@Injectable()
export class RoutesService {
  constructor(
    @Inject(REGISTRY_DB) private readonly db: RegistryDb,
    private readonly writer: ChangeWriter,
  ) {}

  async list(workspaceId: string, rawQuery: unknown): Promise<Page<RouteView>> {
    const query = parseListQuery(routeListFilters, rawQuery);
    const where: Prisma.RouteWhereInput = {
      workspaceId,
      ...(query.q ? { name: containsFilter(query.q) } : {}),
      ...(query.enabled ? { enabled: query.enabled === 'true' } : {}),
      ...(query.deploymentId ? { targets: { array_contains: [{ deploymentId: query.deploymentId }] } } : {}),
      ...(query.providerModelId ? { targets: { array_contains: [{ providerModelId: query.providerModelId }] } } : {}),
    };
    const [rows, total] = await Promise.all([
      this.db.route.findMany({ where, orderBy: [{ name: 'asc' }], skip: query.offset, take: query.limit }),
      this.db.route.count({ where }),
    ]);
    return pageOf(rows.map(routeView), total, query);
  }

  async get(workspaceId: string, id: string): Promise<RouteView> {
    return routeView(await this.find(this.db, workspaceId, id));
  }

  async create(principal: Principal, workspaceId: string, body: unknown): Promise<RouteView> {
    const input = parseInput(createRouteSchema, body);
    const row = await this.writer.run(principal, async (tx, changes) => {
      await assertWorkspaceExists(tx, workspaceId);
      const resolved = await resolveRouteTargets(tx, workspaceId, input.targets, input.fallback);
      await checkAccess(tx, workspaceId, input.access.allowedKeyIds, input.access.allowedWorkspaceIds);
      assertMayShareWith(principal, workspaceId, input.access.allowedWorkspaceIds, 'access.allowedWorkspaceIds');
      return insertRoute(tx, changes, workspaceId, {
        name: input.name,
        description: input.description,
        ...resolved,
        overflow: input.overflow,
        accessKeyIds: input.access.allowedKeyIds,
        accessWorkspaces: input.access.allowedWorkspaceIds,
        enabled: input.enabled,
      });
    });
    return routeView(row);
  }

  async update(principal: Principal, workspaceId: string, id: string, body: unknown): Promise<RouteView> {
    const input = parseInput(updateRouteSchema, body);
    const row = await this.writer.run(principal, async (tx, changes) => {
      const before = await this.find(tx, workspaceId, id, true);
      const currentTargets = Array.isArray(before.targets) ? before.targets.map(targetFromJson) : [];
      const current = { targets: currentTargets, fallback: fallbackFromJson(before.fallback) };
      let resolved: typeof current | undefined;
      if (input.targets !== undefined || input.fallback !== undefined) {
        const targets = input.targets ?? currentTargets.map(toTargetInput);
        const fallback = input.fallback !== undefined ? input.fallback : fallbackToInput(current.fallback);
        resolved = await resolveRouteTargets(tx, workspaceId, targets, fallback);
      }
      const keyIds = input.access?.allowedKeyIds ?? before.accessKeyIds;
      const workspaceIds = input.access?.allowedWorkspaceIds ?? before.accessWorkspaces;
      if (input.access) {
        await checkAccess(tx, workspaceId, keyIds, workspaceIds);
        assertMayShareWith(principal, workspaceId, workspaceIds.filter((id) => !before.accessWorkspaces.includes(id)), 'access.allowedWorkspaceIds');
      }
      return updateRoute(tx, changes, before, {
        name: input.name,
        description: input.description,
        ...(resolved ?? {}),
        overflow: input.overflow === undefined ? undefined : input.overflow,
        accessKeyIds: input.access ? keyIds : undefined,
        accessWorkspaces: input.access ? workspaceIds : undefined,
        enabled: input.enabled,
      });
    });
    return routeView(row);
  }

  /** The model-alias upgrade: replaces the targets (and optionally the fallback) atomically. */
  async retarget(principal: Principal, workspaceId: string, id: string, body: unknown): Promise<RouteView> {
    const input = parseInput(retargetSchema, body);
    const row = await this.writer.run(principal, async (tx, changes) => {
      const before = await this.find(tx, workspaceId, id, true);
      const fallback = input.fallback !== undefined ? input.fallback : fallbackToInput(fallbackFromJson(before.fallback));
      const resolved = await resolveRouteTargets(tx, workspaceId, input.targets, fallback);
      return updateRoute(tx, changes, before, resolved);
    });
    return routeView(row);
  }

  async setEnabled(principal: Principal, workspaceId: string, id: string, enabled: boolean): Promise<RouteView> {
    const row = await this.writer.run(principal, async (tx, changes) => {
      const before = await this.find(tx, workspaceId, id, true);
      return updateRoute(tx, changes, before, { enabled });
    });
    return routeView(row);
  }

  async remove(principal: Principal, workspaceId: string, id: string): Promise<void> {
    await this.writer.run(principal, async (tx, changes) => {
      await deleteRoute(tx, changes, await this.find(tx, workspaceId, id, true));
    });
  }

  /** The route of this workspace, else 404; `lock` serialises concurrent writers on the row. */
  private async find(db: RegistryDb | RegistryTx, workspaceId: string, id: string, lock = false): Promise<Route> {
    pathId(id, 'route');
    if (lock) await db.$queryRaw`SELECT 1 FROM routes WHERE id = ${id}::uuid FOR UPDATE`;
    const row = await db.route.findFirst({ where: { id, workspaceId } });
    if (!row) throw ApiError.notFound('route');
    return row;
  }
}

function toTargetInput(t: ReturnType<typeof targetFromJson>) {
  return t.kind === 'deployment'
    ? { kind: 'deployment' as const, deploymentId: t.deploymentId ?? '', weight: t.weight, priority: t.priority ?? null }
    : { kind: 'provider-model' as const, providerModelId: t.providerModelId ?? '', weight: t.weight, priority: t.priority ?? null };
}

function fallbackToInput(f: RouteFallbackSnapshot | null): FallbackInput | null {
  if (!f) return null;
  return f.kind === 'deployment'
    ? { kind: 'deployment', deploymentId: f.deploymentId ?? '', priority: f.priority ?? null }
    : { kind: 'provider-model', providerModelId: f.providerModelId ?? '', priority: f.priority ?? null };
}

