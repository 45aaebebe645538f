import { isNewer, type AnyEventEnvelope, type DeploymentSnapshot } from '@switchyard/contracts';
import type { PoolLifecycle } from './steady-state.plan';

/** What the registry wants of one deployment, as the scheduler keeps it (mirrored in Redis for every replica). */
export interface DesiredDeployment {
  deploymentId: string;
  workspaceId: string;
  /** The latest spec. */
  deployment: DeploymentSnapshot;
  /** Recent specs by revision: old-revision replicas and rollbacks need them. */
  revisions: Record<string, DeploymentSnapshot>;
  replicas: number;
  lifecycle: PoolLifecycle;
  /** Last aggregate version applied, per event source (versions are monotonic per source and aggregate). */
  versions: Record<string, number>;
  /** When the registry made the change reflected here (event time or snapshot time), ISO. */
  updatedAt: string;
}

const KEPT_REVISIONS = 3;
const SCHEDULER_SOURCE = 'scheduler';

function lifecycleOf(d: DeploymentSnapshot): PoolLifecycle {
  if (d.status === 'stopped' || d.status === 'stopping') return 'stopped';
  if (d.status === 'deleting') return 'deleted';
  return 'running';
}

function withRevision(revisions: Record<string, DeploymentSnapshot>, d: DeploymentSnapshot): Record<string, DeploymentSnapshot> {
  const next = { ...revisions, [String(d.specRevision)]: d };
  const keep = Object.keys(next).map(Number).sort((a, b) => b - a).slice(0, KEPT_REVISIONS);
  return Object.fromEntries(keep.map((r) => [String(r), next[String(r)]]));
}

/** Replicas after a spec change: auto-scaled deployments keep their current count unless replicas were edited. */
function replicasAfter(current: DesiredDeployment | undefined, d: DeploymentSnapshot, replicasEdited: boolean): number {
  if (!current || replicasEdited || !d.autoscaling?.enabled) return d.replicas;
  return Math.min(d.maxReplicas, Math.max(d.minReplicas, current.replicas));
}

export function fromSpec(current: DesiredDeployment | undefined, d: DeploymentSnapshot, updatedAt: string, replicasEdited: boolean): DesiredDeployment {
  return {
    deploymentId: d.id,
    workspaceId: d.workspaceId,
    deployment: d,
    revisions: withRevision(current?.revisions ?? {}, d),
    replicas: replicasAfter(current, d, replicasEdited),
    lifecycle: lifecycleOf(d),
    versions: current?.versions ?? {},
    updatedAt,
  };
}

/**
 * Applies a deployment event; undefined = nothing to change (another aggregate, a redelivery or an older event,
 * or the scheduler's own DeploymentScaled which it applied when it decided it).
 */
export function applyDeploymentEvent(current: DesiredDeployment | undefined, env: AnyEventEnvelope): DesiredDeployment | undefined {
  if (current && !isNewer(env.aggregateVersion, current.versions[env.source])) return undefined;
  const stamp = (next: DesiredDeployment): DesiredDeployment => ({ ...next, versions: { ...next.versions, [env.source]: env.aggregateVersion }, updatedAt: env.time });
  switch (env.type) {
    case 'DeploymentCreated':
      return stamp(fromSpec(current, env.data.deployment, env.time, true));
    case 'DeploymentUpdated': {
      const next = fromSpec(current, env.data.deployment, env.time, env.data.changedFields.includes('replicas'));
      // An update does not start or stop a deployment by itself.
      return stamp(current && current.lifecycle !== 'deleted' && next.lifecycle === 'running' ? { ...next, lifecycle: current.lifecycle } : next);
    }
    case 'DeploymentScaled':
      if (!current || env.source === SCHEDULER_SOURCE) return undefined;
      return stamp({ ...current, replicas: Math.max(0, env.data.toReplicas) });
    case 'DeploymentStopped':
      if (!current) return undefined;
      return stamp({ ...current, lifecycle: 'stopped' });
    case 'DeploymentStarted':
      if (!current || current.lifecycle === 'deleted') return undefined;
      return stamp({ ...current, lifecycle: 'running', replicas: env.data.replicas > 0 ? env.data.replicas : current.replicas });
    case 'DeploymentDeleted':
      if (!current) return undefined;
      return stamp({ ...current, lifecycle: 'deleted' });
    default:
      return undefined;
  }
}

/**
 * Merges a registry snapshot: it wins over what was applied before it was taken; what the registry no longer
 * has is deleted. Returns only the entries that change.
 */
export function mergeSnapshot(current: ReadonlyMap<string, DesiredDeployment>, deployments: readonly DeploymentSnapshot[], generatedAt: string): DesiredDeployment[] {
  const changed: DesiredDeployment[] = [];
  const at = Date.parse(generatedAt);
  const seen = new Set<string>();
  for (const d of deployments) {
    seen.add(d.id);
    const mine = current.get(d.id);
    if (mine && Date.parse(mine.updatedAt) > at) continue;
    const next = fromSpec(mine, d, generatedAt, false);
    if (!mine || JSON.stringify(mine) !== JSON.stringify(next)) changed.push(next);
  }
  for (const [id, mine] of current) {
    if (!seen.has(id) && mine.lifecycle !== 'deleted' && Date.parse(mine.updatedAt) <= at) changed.push({ ...mine, lifecycle: 'deleted', updatedAt: generatedAt });
  }
  return changed;
}
