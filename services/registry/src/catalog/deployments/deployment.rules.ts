import type { AutoscalingConfig, HealthCheckConfig, ResourcesConfig, RuntimeConfig } from '@switchyard/contracts';
import { ApiError } from '../../common/api.error';
import type { StoredUpdateStrategy } from '../catalog.mappers';
import type { UpdateDeploymentInput } from './deployment.schemas';

// The deployment's edit rules, pure: what may change, what needs a restart, which bounds hold.

export interface EndpointSpec {
  url: string;
  weight: number;
  priority: 'primary' | 'backup';
  enabled: boolean;
}

export interface LoadBalancerSpec {
  strategy: 'round-robin' | 'weighted-round-robin' | 'least-connections' | 'ip-hash' | 'sticky' | 'failover';
  stickySessions: boolean;
  sessionHeader: string | null;
  priority: number;
}

/** Everything of a deployment a user configures (name and model excepted). */
export interface DeploymentSpec {
  description: string;
  environment: 'development' | 'staging' | 'production';
  resources: ResourcesConfig;
  minReplicas: number;
  maxReplicas: number;
  replicas: number;
  autoscaling: AutoscalingConfig;
  loadBalancer: LoadBalancerSpec;
  healthCheck: HealthCheckConfig;
  updateStrategy: StoredUpdateStrategy;
  runtime: RuntimeConfig;
  env: Record<string, string>;
  endpoints: EndpointSpec[];
}

export type SpecField = keyof DeploymentSpec;

/** Resource fields whose change needs running instances replaced. */
export const RESTART_RESOURCE_FIELDS: readonly (keyof ResourcesConfig)[] = ['cpuCores', 'memoryGb', 'gpuCount', 'gpuType'];

/** Cross-field rules of a whole spec; throws 400 naming the field. */
export function validateSpec(spec: DeploymentSpec): void {
  if (spec.minReplicas > spec.maxReplicas) {
    throw ApiError.badRequest(`maxReplicas: must be >= minReplicas (${spec.minReplicas})`, 'maxReplicas');
  }
  if (spec.replicas < spec.minReplicas || spec.replicas > spec.maxReplicas) {
    throw ApiError.badRequest(`replicas: must be between minReplicas (${spec.minReplicas}) and maxReplicas (${spec.maxReplicas})`, 'replicas');
  }
  if (spec.resources.gpuType && spec.resources.gpuCount === 0) {
    throw ApiError.badRequest('resources.gpuType: set only when resources.gpuCount > 0', 'resources.gpuType');
  }
  if (spec.healthCheck.timeoutSeconds > spec.healthCheck.intervalSeconds) {
    throw ApiError.badRequest('healthCheck.timeoutSeconds: must be <= healthCheck.intervalSeconds', 'healthCheck.timeoutSeconds');
  }
  const a = spec.autoscaling;
  if (a.enabled && a.targetCpuPercent == null && a.targetMemoryPercent == null && a.targetGpuPercent == null && a.targetQueueDepth == null) {
    throw ApiError.badRequest('autoscaling: an enabled autoscaler needs at least one target (CPU, memory, GPU or queue depth)', 'autoscaling');
  }
  if (spec.runtime.driver === 'static') {
    if (spec.endpoints.length === 0) throw ApiError.badRequest('endpoints: the static driver needs at least one endpoint', 'endpoints');
  } else if (spec.endpoints.length > 0) {
    throw ApiError.badRequest(`endpoints: only the static driver takes endpoints (driver is ${spec.runtime.driver})`, 'endpoints');
  }
  const seen = new Set<string>();
  spec.endpoints.forEach((e, i) => {
    const key = normaliseUrl(e.url);
    if (seen.has(key)) throw ApiError.badRequest(`endpoints.${i}.url: duplicate endpoint ${e.url}`, `endpoints.${i}.url`);
    seen.add(key);
  });
}

/** URL comparison key: trailing slashes do not make a different endpoint. */
export function normaliseUrl(url: string): string {
  return url.replace(/\/+$/, '');
}

/** Default replicas at creation: the enabled endpoints for the static driver, else minReplicas; within bounds. */
export function defaultReplicas(spec: Pick<DeploymentSpec, 'minReplicas' | 'maxReplicas' | 'runtime' | 'endpoints'>): number {
  const wanted = spec.runtime.driver === 'static' ? spec.endpoints.filter((e) => e.enabled).length : spec.minReplicas;
  return Math.min(spec.maxReplicas, Math.max(spec.minReplicas, wanted));
}

export interface EditPlan {
  next: DeploymentSpec;
  changedFields: SpecField[];
  /** Fields (dotted) whose change needs a restart, e.g. "resources.cpuCores". */
  restartFields: string[];
  /** Replicas moved into new bounds by a min/max change. */
  clamped: { from: number; to: number } | null;
}

const LOCKED: Record<'name' | 'modelId' | 'modelVersion' | 'replicas', string> = {
  name: 'name: a deployment name cannot be changed; create a new deployment (and retarget its route) instead',
  modelId: 'modelId: the model cannot be changed by an edit; use POST .../deployments/:id/update-model',
  modelVersion: 'modelVersion: the model version cannot be changed by an edit; use POST .../deployments/:id/update-model',
  replicas: 'replicas: use POST .../deployments/:id/scale to change the replica count',
};

/**
 * Applies a PATCH to the current spec. Locked fields (name, model, version, replicas) are 422 unless unchanged;
 * objects merge field by field; min/max changes clamp the replica count. Throws ApiError.
 */
export function planEdit(
  current: DeploymentSpec & { name: string; modelId: string; modelVersion: string },
  patch: UpdateDeploymentInput,
): EditPlan {
  for (const field of Object.keys(LOCKED) as (keyof typeof LOCKED)[]) {
    if (patch[field] !== undefined && patch[field] !== current[field]) throw ApiError.unprocessable(LOCKED[field], field);
  }
  const next: DeploymentSpec = {
    ...current,
    description: patch.description ?? current.description,
    environment: patch.environment ?? current.environment,
    resources: { ...current.resources, ...patch.resources },
    minReplicas: patch.minReplicas ?? current.minReplicas,
    maxReplicas: patch.maxReplicas ?? current.maxReplicas,
    autoscaling: { ...current.autoscaling, ...patch.autoscaling },
    loadBalancer: { ...current.loadBalancer, ...patch.loadBalancer },
    healthCheck: { ...current.healthCheck, ...patch.healthCheck },
    updateStrategy: patch.updateStrategy ?? current.updateStrategy,
    runtime: { ...current.runtime, ...patch.runtime },
    env: patch.env ?? current.env,
    endpoints: patch.endpoints ?? current.endpoints,
  };
  let clamped: EditPlan['clamped'] = null;
  if (next.minReplicas <= next.maxReplicas) {
    const to = Math.min(next.maxReplicas, Math.max(next.minReplicas, current.replicas));
    if (to !== current.replicas) clamped = { from: current.replicas, to };
    next.replicas = to;
  }
  validateSpec(next);
  const fields: SpecField[] = [
    'description', 'environment', 'resources', 'minReplicas', 'maxReplicas', 'replicas', 'autoscaling', 'loadBalancer',
    'healthCheck', 'updateStrategy', 'runtime', 'env', 'endpoints',
  ];
  const changedFields = fields.filter((f) => canonical(current[f]) !== canonical(next[f]));
  const restartFields = RESTART_RESOURCE_FIELDS.filter((f) => canonical(current.resources[f]) !== canonical(next.resources[f])).map(
    (f) => `resources.${f}`,
  );
  if (current.runtime.driver !== next.runtime.driver) restartFields.push('runtime.driver');
  if (canonical(current.runtime.settings) !== canonical(next.runtime.settings)) restartFields.push('runtime.settings');
  return { next, changedFields, restartFields, clamped };
}

/** A scale request within bounds on a deployment that is not stopped. */
export function planScale(current: { minReplicas: number; maxReplicas: number; replicas: number; status: string }, replicas: number): void {
  if (current.status === 'stopped') throw ApiError.conflict('the deployment is stopped; start it before scaling');
  if (replicas < current.minReplicas || replicas > current.maxReplicas) {
    throw ApiError.unprocessable(
      `replicas: must be between minReplicas (${current.minReplicas}) and maxReplicas (${current.maxReplicas}); change the bounds first`,
      'replicas',
    );
  }
}

/** Stop/start transitions: stop from any state but stopped; start only from stopped. */
export function planLifecycle(status: string, action: 'stop' | 'start'): string {
  if (action === 'stop') {
    if (status === 'stopped') throw ApiError.conflict('the deployment is already stopped');
    return 'stopped';
  }
  if (status !== 'stopped') throw ApiError.conflict(`the deployment is not stopped (status ${status})`);
  return 'deploying';
}

/** update-model: a different version (or model), or the same one when a restart is pending. */
export function planModelUpdate(
  current: { modelId: string; modelVersion: string; status: string; requiresRestart: boolean },
  wanted: { modelId?: string; modelVersion: string },
): { modelId: string; modelVersion: string; status: string } {
  const modelId = wanted.modelId ?? current.modelId;
  if (modelId === current.modelId && wanted.modelVersion === current.modelVersion && !current.requiresRestart) {
    throw ApiError.unprocessable(`modelVersion: the deployment already runs ${current.modelId} ${current.modelVersion}`, 'modelVersion');
  }
  return { modelId, modelVersion: wanted.modelVersion, status: current.status === 'stopped' ? 'stopped' : 'updating' };
}

/** JSON with sorted object keys, for comparing values regardless of key order. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

/** The name prefix a workspace's Kubernetes Deployments must carry: `sy-<first 8 hex of the workspace id>-`. */
export function kubernetesNamePrefix(workspaceId: string): string {
  return `sy-${workspaceId.replace(/-/g, '').slice(0, 8).toLowerCase()}-`;
}

/**
 * The kubernetes driver scales whatever Deployment the settings name: a tenant may only name its own (by the
 * workspace prefix) in the platform's models namespace; platform admins may name anything. Pure.
 */
export function assertRuntimeScope(runtime: { driver?: string; settings?: Record<string, unknown> } | undefined, workspaceId: string, platformAdmin: boolean): void {
  if (platformAdmin || runtime?.driver !== 'kubernetes') return;
  const k = runtime.settings?.kubernetes;
  if (!k || typeof k !== 'object' || Array.isArray(k)) return;
  const settings = k as Record<string, unknown>;
  if (settings.namespace !== undefined) {
    throw new ApiError(403, 'forbidden', 'runtime.settings.kubernetes.namespace: only a platform admin may choose the namespace', 'runtime.settings.kubernetes.namespace');
  }
  const prefix = kubernetesNamePrefix(workspaceId);
  for (const field of ['deployment', 'service'] as const) {
    const value = settings[field];
    if (value !== undefined && (typeof value !== 'string' || !value.startsWith(prefix))) {
      throw ApiError.unprocessable(`runtime.settings.kubernetes.${field}: must start with "${prefix}" (this workspace's Kubernetes objects)`, `runtime.settings.kubernetes.${field}`);
    }
  }
}
