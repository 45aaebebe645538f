import { Inject, Injectable } from '@nestjs/common';
import { REGISTRY_DB, type RegistryDb } from '../../db/registry-db.provider';
import type { Principal } from '../../auth/principal';
import { ApiError } from '../../common/api.error';
import { parseInput } from '../../common/validation';
import { ChangeWriter } from '../../events/change-writer.service';
import { json, jsonOrNull } from '../catalog.common';
import { ConnectivityProber } from './connectivity.prober';
import { planLifecycle, planModelUpdate, planScale, normaliseUrl } from './deployment.rules';
import { changeEndpointSchema, scaleSchema, startSchema, stopSchema, updateModelSchema } from './deployment.schemas';
import { auditDeployment, emitUpdated, findDeployment, reload, requestedBy } from './deployment.store';
import { connectivityOf, deploymentView, type DeploymentView } from './deployment.view';
import { summarise, type ConnectivityReport, type EndpointProbeResult } from './connectivity.report';

/** The deployment actions: scale, stop, start, update-model, change-endpoint, test-connectivity. */
@Injectable()
export class DeploymentActionsService {
  constructor(
    @Inject(REGISTRY_DB) private readonly db: RegistryDb,
    private readonly writer: ChangeWriter,
    private readonly prober: ConnectivityProber,
  ) {}

  async scale(principal: Principal, workspaceId: string, id: string, body: unknown): Promise<DeploymentView> {
    const { replicas } = parseInput(scaleSchema, body);
    return this.writer.run(principal, async (tx, changes) => {
      const before = await findDeployment(tx, workspaceId, id, true);
      planScale(before, replicas);
      if (replicas === before.replicas) return deploymentView(before);
      await tx.deployment.update({ where: { id: before.id }, data: { replicas, version: { increment: 1 } } });
      const after = await reload(tx, before.id);
      changes.emit(
        'DeploymentScaled',
        { deploymentId: after.id, fromReplicas: before.replicas, toReplicas: replicas, reason: 'manual', detail: `scaled by ${requestedBy(principal)}` },
        { workspaceId, aggregateId: after.id, aggregateVersion: after.version },
      );
      auditDeployment(changes, 'scale', before, after);
      return deploymentView(after);
    });
  }

  async stop(principal: Principal, workspaceId: string, id: string, body: unknown): Promise<DeploymentView> {
    const { reason } = parseInput(stopSchema, body ?? {});
    return this.writer.run(principal, async (tx, changes) => {
      const before = await findDeployment(tx, workspaceId, id, true);
      const status = planLifecycle(before.status, 'stop');
      await tx.deployment.update({ where: { id: before.id }, data: { status, version: { increment: 1 } } });
      const after = await reload(tx, before.id);
      changes.emit(
        'DeploymentStopped',
        { deploymentId: after.id, reason: reason || 'stopped by request', requestedBy: requestedBy(principal) },
        { workspaceId, aggregateId: after.id, aggregateVersion: after.version },
      );
      auditDeployment(changes, 'stop', before, after);
      return deploymentView(after);
    });
  }

  /** Resumes the previous configuration; pending restart-requiring edits are applied by the fresh instances. */
  async start(principal: Principal, workspaceId: string, id: string, body: unknown): Promise<DeploymentView> {
    parseInput(startSchema, body ?? {});
    return this.writer.run(principal, async (tx, changes) => {
      const before = await findDeployment(tx, workspaceId, id, true);
      const status = planLifecycle(before.status, 'start');
      await tx.deployment.update({ where: { id: before.id }, data: { status, requiresRestart: false, version: { increment: 1 } } });
      const after = await reload(tx, before.id);
      changes.emit(
        'DeploymentStarted',
        { deploymentId: after.id, replicas: after.replicas, requestedBy: requestedBy(principal) },
        { workspaceId, aggregateId: after.id, aggregateVersion: after.version },
      );
      auditDeployment(changes, 'start', before, after);
      return deploymentView(after);
    });
  }

  /** A new model version (or model) rolled out by the scheduler with the chosen strategy; bumps specRevision. */
  async updateModel(principal: Principal, workspaceId: string, id: string, body: unknown): Promise<DeploymentView> {
    const input = parseInput(updateModelSchema, body);
    return this.writer.run(principal, async (tx, changes) => {
      const before = await findDeployment(tx, workspaceId, id, true);
      const next = planModelUpdate(before, input);
      await tx.deployment.update({
        where: { id: before.id },
        data: {
          modelId: next.modelId,
          modelVersion: next.modelVersion,
          status: next.status,
          updateStrategy: json(input.updateStrategy),
          requiresRestart: false,
          specRevision: { increment: 1 },
          version: { increment: 1 },
        },
      });
      const after = await reload(tx, before.id);
      const changed = ['modelVersion', 'updateStrategy', ...(next.modelId !== before.modelId ? ['model'] : [])];
      emitUpdated(changes, after, changed, true);
      auditDeployment(changes, 'update-model', before, after);
      return deploymentView(after);
    });
  }

  /**
   * Static driver: replaces endpoint `from` by `to` (a new endpoint id). The scheduler performs the rolling
   * migration (the new endpoint serves and is healthy before the old one drains); the registry records it.
   */
  async changeEndpoint(principal: Principal, workspaceId: string, id: string, body: unknown): Promise<DeploymentView> {
    const input = parseInput(changeEndpointSchema, body);
    const probe = await this.prober.probe(input.to, '/health');
    return this.writer.run(principal, async (tx, changes) => {
      const before = await findDeployment(tx, workspaceId, id, true);
      const driver = (before.runtime as { driver?: string } | null)?.driver ?? 'static';
      if (driver !== 'static') throw ApiError.unprocessable(`endpoints belong to the static driver (this deployment uses ${driver})`, 'to');
      const old = before.endpoints.find((e) => normaliseUrl(e.url) === normaliseUrl(input.from));
      if (!old) throw ApiError.unprocessable(`from: the deployment has no endpoint ${input.from}`, 'from');
      if (before.endpoints.some((e) => normaliseUrl(e.url) === normaliseUrl(input.to))) {
        throw ApiError.conflict(`to: the deployment already has endpoint ${input.to}`, 'to');
      }
      await tx.endpoint.delete({ where: { id: old.id } });
      await tx.endpoint.create({
        data: { deploymentId: before.id, url: input.to, weight: input.weight ?? old.weight, priority: input.priority ?? old.priority, enabled: old.enabled },
      });
      const connectivity = replaceProbe(before.connectivity, input.from, probe);
      await tx.deployment.update({ where: { id: before.id }, data: { connectivity: jsonOrNull(connectivity), version: { increment: 1 } } });
      const after = await reload(tx, before.id);
      emitUpdated(changes, after, ['endpoints'], false);
      auditDeployment(changes, 'change-endpoint', before, after);
      return deploymentView(after);
    });
  }

  /** Reruns the connectivity test on every endpoint and stores the result. */
  async testConnectivity(principal: Principal, workspaceId: string, id: string): Promise<DeploymentView> {
    const current = await findDeployment(this.db, workspaceId, id);
    const hc = (current.healthCheck as { path?: string } | null)?.path ?? '/health';
    const report = await this.prober.test(current.endpoints, hc);
    return this.writer.run(principal, async (tx, changes) => {
      const before = await findDeployment(tx, workspaceId, id, true);
      await tx.deployment.update({ where: { id: before.id }, data: { connectivity: jsonOrNull(report) } });
      changes.audit({ workspaceId, action: 'deployment.test-connectivity', entityType: 'deployment', entityId: before.id, after: report });
      return deploymentView(await reload(tx, before.id));
    });
  }
}

/** The stored report with the old endpoint's result replaced by the new endpoint's. */
function replaceProbe(previous: unknown, fromUrl: string, probe: EndpointProbeResult): ConnectivityReport {
  const kept = (connectivityOf(previous)?.endpoints ?? []).filter((e) => normaliseUrl(e.url) !== normaliseUrl(fromUrl));
  return summarise([...kept, probe], new Date());
}
