import { Inject, Injectable } from '@nestjs/common';
import type { Prisma } from '@switchyard/registry-store';
import type { Principal } from '../../auth/principal';
import { ApiError } from '../../common/api.error';
import { parseInput, type Page } from '../../common/validation';
import { REGISTRY_DB, type RegistryDb } from '../../db/registry-db.provider';
import { ChangeWriter } from '../../events/change-writer.service';
import { assertWorkspaceExists, conflictOnDuplicate, containsFilter, json, jsonOrNull, pageOf, parseListQuery } from '../catalog.common';
import { deploymentToSnapshot } from '../catalog.mappers';
import { insertRoute, removeFromRoutes, routeView, type RouteView } from '../routes/route.store';
import { ConnectivityProber } from './connectivity.prober';
import type { ConnectivityReport } from './connectivity.report';
import { assertRuntimeScope, defaultReplicas, planEdit, validateSpec, type DeploymentSpec } from './deployment.rules';
import { createDeploymentSchema, deploymentListFilters, updateDeploymentSchema, type UpdateDeploymentInput } from './deployment.schemas';
import { auditDeployment, emitUpdated, findDeployment, reload, requestedBy, syncEndpoints } from './deployment.store';
import { columnsOf, deploymentView, specOf, type DeploymentView } from './deployment.view';

export interface CreatedDeployment extends DeploymentView {
  /** The route created under the deployment's name (null with createRoute: false). */
  route: RouteView | null;
}

export interface UpdatedDeployment extends DeploymentView {
  changedFields: string[];
  /** This edit needs running instances replaced (CPU/memory/GPU or runtime changes). */
  restartRequired: boolean;
  restartFields: string[];
}

/** Deployments: create (with the connectivity test and the same-name route), read, list, edit, delete. */
@Injectable()
export class DeploymentsService {
  constructor(
    @Inject(REGISTRY_DB) private readonly db: RegistryDb,
    private readonly writer: ChangeWriter,
    private readonly prober: ConnectivityProber,
  ) {}

  async list(workspaceId: string, rawQuery: unknown): Promise<Page<DeploymentView>> {
    const query = parseListQuery(deploymentListFilters, rawQuery);
    const q = containsFilter(query.q);
    const where: Prisma.DeploymentWhereInput = {
      workspaceId,
      ...(q ? { OR: [{ name: q }, { description: q }, { modelId: q }] } : {}),
      ...(query.environment ? { environment: query.environment } : {}),
      ...(query.status ? { status: query.status } : {}),
      ...(query.modelId ? { modelId: query.modelId } : {}),
      ...(query.driver ? { runtime: { path: ['driver'], equals: query.driver } } : {}),
    };
    const [rows, total] = await Promise.all([
      this.db.deployment.findMany({ where, include: { endpoints: true }, orderBy: [{ name: 'asc' }], skip: query.offset, take: query.limit }),
      this.db.deployment.count({ where }),
    ]);
    return pageOf(rows.map(deploymentView), total, query);
  }

  async get(workspaceId: string, id: string): Promise<DeploymentView> {
    return deploymentView(await findDeployment(this.db, workspaceId, id));
  }

  async create(principal: Principal, workspaceId: string, body: unknown): Promise<CreatedDeployment> {
    const input = parseInput(createDeploymentSchema, body);
    const { name, modelId, modelVersion, createRoute, replicas, ...rest } = input;
    const spec: DeploymentSpec = { ...rest, replicas: replicas ?? defaultReplicas(rest) };
    validateSpec(spec);
    assertRuntimeScope(spec.runtime, workspaceId, principal.platformAdmin);
    await assertWorkspaceExists(this.db, workspaceId);
    // The test runs before the transaction (it may take CONNECTIVITY_TIMEOUT_MS); its failure never blocks creation.
    const connectivity: ConnectivityReport = await this.prober.test(spec.endpoints, spec.healthCheck.path);
    const created = await this.writer.run(principal, async (tx, changes) => {
      await assertWorkspaceExists(tx, workspaceId);
      const columns = columnsOf(spec);
      const row = await conflictOnDuplicate(
        () =>
          tx.deployment.create({
            data: {
              workspaceId,
              name,
              modelId,
              modelVersion,
              ...columns,
              resources: json(columns.resources),
              autoscaling: json(columns.autoscaling),
              loadBalancer: json(columns.loadBalancer),
              healthCheck: json(columns.healthCheck),
              updateStrategy: json(columns.updateStrategy),
              runtime: json(columns.runtime),
              env: json(columns.env),
              status: 'pending',
              connectivity: jsonOrNull(connectivity),
              endpoints: { create: spec.endpoints.map((e) => ({ url: e.url, weight: e.weight, priority: e.priority, enabled: e.enabled })) },
            },
            include: { endpoints: true },
          }),
        `a deployment named "${name}" already exists in this workspace`,
      );
      changes.emit(
        'DeploymentCreated',
        { deploymentId: row.id, deployment: deploymentToSnapshot(row) },
        { workspaceId, aggregateId: row.id, aggregateVersion: row.version },
      );
      auditDeployment(changes, 'create', null, row);
      const route = createRoute
        ? await insertRoute(tx, changes, workspaceId, {
            name,
            description: `Created with deployment ${name}`,
            targets: [{ kind: 'deployment', deploymentId: row.id, providerId: null, providerModelId: null, weight: 100, priority: null }],
            fallback: null,
            overflow: null,
            accessKeyIds: [],
            accessWorkspaces: [],
            enabled: true,
          }).catch((error: unknown) => {
            throw rewordRouteConflict(error, name);
          })
        : null;
      return { row, route };
    });
    return { ...deploymentView(created.row), route: created.route ? routeView(created.route) : null };
  }

  async update(principal: Principal, workspaceId: string, id: string, body: unknown): Promise<UpdatedDeployment> {
    const patch = parseInput(updateDeploymentSchema, body);
    const updated = await this.applyEdit(principal, workspaceId, id, patch);
    if (!updated.changedFields.includes('endpoints')) return updated;
    // New endpoints get the same connectivity test as at creation (after the edit committed; it may take a while).
    const report = await this.prober.test(updated.endpoints, updated.healthCheck.path);
    const stored = await this.writer.run(principal, async (tx, changes) => {
      const row = await findDeployment(tx, workspaceId, id, true);
      await tx.deployment.update({ where: { id: row.id }, data: { connectivity: jsonOrNull(report) } });
      changes.audit({ workspaceId, action: 'deployment.test-connectivity', entityType: 'deployment', entityId: row.id, after: report });
      return deploymentView(await reload(tx, row.id));
    });
    return { ...updated, ...stored };
  }

  private async applyEdit(principal: Principal, workspaceId: string, id: string, patch: UpdateDeploymentInput): Promise<UpdatedDeployment> {
    return this.writer.run(principal, async (tx, changes) => {
      const before = await findDeployment(tx, workspaceId, id, true);
      const plan = planEdit(specOf(before), patch);
      if (plan.changedFields.includes('runtime')) assertRuntimeScope(plan.next.runtime, workspaceId, principal.platformAdmin);
      if (plan.changedFields.length === 0) return { ...deploymentView(before), changedFields: [], restartRequired: false, restartFields: [] };
      const columns = columnsOf(plan.next);
      await tx.deployment.update({
        where: { id: before.id },
        data: {
          ...columns,
          resources: json(columns.resources),
          autoscaling: json(columns.autoscaling),
          loadBalancer: json(columns.loadBalancer),
          healthCheck: json(columns.healthCheck),
          updateStrategy: json(columns.updateStrategy),
          runtime: json(columns.runtime),
          env: json(columns.env),
          requiresRestart: before.requiresRestart || plan.restartFields.length > 0,
          version: { increment: plan.clamped ? 2 : 1 },
        },
      });
      if (plan.changedFields.includes('endpoints')) await syncEndpoints(tx, before.id, before.endpoints, plan.next.endpoints);
      const after = await reload(tx, before.id);
      if (plan.clamped) {
        changes.emit(
          'DeploymentScaled',
          {
            deploymentId: after.id,
            fromReplicas: plan.clamped.from,
            toReplicas: plan.clamped.to,
            reason: 'bounds',
            detail: `replicas moved into minReplicas..maxReplicas (${after.minReplicas}..${after.maxReplicas})`,
          },
          { workspaceId, aggregateId: after.id, aggregateVersion: after.version - 1 },
        );
      }
      const restartRequired = plan.restartFields.length > 0;
      emitUpdated(changes, after, plan.changedFields, restartRequired);
      auditDeployment(changes, 'update', before, after);
      return { ...deploymentView(after), changedFields: plan.changedFields, restartRequired, restartFields: plan.restartFields };
    });
  }

  /** Deletes the deployment, takes it out of every route (its own same-name route goes with it). */
  async remove(principal: Principal, workspaceId: string, id: string): Promise<void> {
    await this.writer.run(principal, async (tx, changes) => {
      const before = await findDeployment(tx, workspaceId, id, true);
      await removeFromRoutes(tx, changes, workspaceId, { kind: 'deployment', id: before.id, name: before.name });
      await tx.deployment.delete({ where: { id: before.id } });
      changes.emit(
        'DeploymentDeleted',
        { deploymentId: before.id, name: before.name, requestedBy: requestedBy(principal) },
        { workspaceId, aggregateId: before.id, aggregateVersion: before.version + 1 },
      );
      auditDeployment(changes, 'delete', before, null);
    });
  }
}

function rewordRouteConflict(error: unknown, name: string): unknown {
  if (!(error instanceof ApiError) || error.status !== 409) return error;
  return ApiError.conflict(
    `a route named "${name}" already exists in this workspace; create the deployment with "createRoute": false and retarget the route`,
    'createRoute',
  );
}
