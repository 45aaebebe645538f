import type { Principal } from '../../auth/principal';
import { ApiError } from '../../common/api.error';
import { pathId } from '../../common/validation';
import type { RegistryDb, RegistryTx } from '../../db/registry-db.provider';
import type { ChangeSet } from '../../events/change-writer.service';
import { deploymentToSnapshot } from '../catalog.mappers';
import { normaliseUrl, type EndpointSpec } from './deployment.rules';
import type { DeploymentWithEndpoints } from './deployment.view';

// Deployment reads and writes shared by the CRUD and the action services (inside ChangeWriter transactions).

/** The deployment of this workspace with its endpoints, else 404; `lock` takes the row lock first. */
export async function findDeployment(db: RegistryDb | RegistryTx, workspaceId: string, id: string, lock = false): Promise<DeploymentWithEndpoints> {
  pathId(id, 'deployment');
  if (lock) await db.$queryRaw`SELECT 1 FROM deployments WHERE id = ${id}::uuid FOR UPDATE`;
  const row = await db.deployment.findFirst({ where: { id, workspaceId }, include: { endpoints: true } });
  if (!row) throw ApiError.notFound('deployment');
  return row;
}

/** Makes the endpoint rows equal `wanted`: rows are matched by URL so unchanged endpoints keep their ids. */
export async function syncEndpoints(tx: RegistryTx, deploymentId: string, current: DeploymentWithEndpoints['endpoints'], wanted: EndpointSpec[]): Promise<void> {
  const byUrl = new Map(current.map((e) => [normaliseUrl(e.url), e]));
  const keep = new Set<string>();
  for (const e of wanted) {
    const existing = byUrl.get(normaliseUrl(e.url));
    if (existing) {
      keep.add(existing.id);
      if (existing.weight !== e.weight || existing.priority !== e.priority || existing.enabled !== e.enabled || existing.url !== e.url) {
        await tx.endpoint.update({ where: { id: existing.id }, data: { url: e.url, weight: e.weight, priority: e.priority, enabled: e.enabled } });
      }
    }
  }
  const gone = current.filter((e) => !keep.has(e.id)).map((e) => e.id);
  if (gone.length) await tx.endpoint.deleteMany({ where: { id: { in: gone } } });
  for (const e of wanted) {
    if (!byUrl.has(normaliseUrl(e.url))) {
      await tx.endpoint.create({ data: { deploymentId, url: e.url, weight: e.weight, priority: e.priority, enabled: e.enabled } });
    }
  }
}

export async function reload(tx: RegistryTx, id: string): Promise<DeploymentWithEndpoints> {
  return tx.deployment.findUniqueOrThrow({ where: { id }, include: { endpoints: true } });
}

export function emitUpdated(changes: ChangeSet, row: DeploymentWithEndpoints, changedFields: string[], restartRequired: boolean): void {
  changes.emit(
    'DeploymentUpdated',
    { deploymentId: row.id, deployment: deploymentToSnapshot(row), changedFields, restartRequired },
    { workspaceId: row.workspaceId, aggregateId: row.id, aggregateVersion: row.version },
  );
}

export function auditDeployment(changes: ChangeSet, action: string, before: DeploymentWithEndpoints | null, after: DeploymentWithEndpoints | null): void {
  const row = (after ?? before) as DeploymentWithEndpoints;
  changes.audit({
    workspaceId: row.workspaceId,
    action: `deployment.${action}`,
    entityType: 'deployment',
    entityId: row.id,
    before: before ? deploymentToSnapshot(before) : undefined,
    after: after ? deploymentToSnapshot(after) : undefined,
  });
}

/** Who asked, as events name it. */
export function requestedBy(p: Principal): string {
  return p.email ?? p.userId ?? p.kind;
}
