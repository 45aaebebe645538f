import type {
  AutoscalingConfig,
  DeploymentEnvironment,
  DeploymentSnapshot,
  DeploymentStatus,
  EndpointPriority,
  EndpointSnapshot,
  HealthCheckConfig,
  LoadBalancerConfig,
  ModelKind,
  ModelSnapshot,
  PriceSnapshot,
  ProviderKeySnapshot,
  ProviderModelSnapshot,
  ProviderSnapshot,
  ProviderVendor,
  ResourcesConfig,
  RouteFallbackSnapshot,
  RouteOverflowOptions,
  RouteSnapshot,
  RouteTargetSnapshot,
  RuntimeConfig,
  UpdateStrategy,
} from '@switchyard/contracts';

// Pure mappings from the registry's rows to the contracts' snapshot shapes (used by the snapshot builder and the
// events). JSON columns are stored in exactly the contracts' shapes, so these only pick and normalise fields.
// They take structural row types (no Prisma import) and never read a secret column.

/** A Prisma JSON column value. */
type Json = unknown;
/** Prisma's Decimal (or anything printing as a decimal). */
interface DecimalLike {
  toString(): string;
}

/** How a deployment's update strategy is stored: the strategy and its parameters (scheduler RolloutParams shape). */
export interface StoredUpdateStrategy {
  strategy: UpdateStrategy;
  parameters: { [key: string]: unknown };
}

export interface EndpointRow {
  id: string;
  url: string;
  weight: number;
  priority: string;
  enabled: boolean;
  createdAt?: Date;
}

export interface DeploymentRow {
  id: string;
  workspaceId: string;
  name: string;
  description: string;
  modelId: string;
  modelVersion: string;
  environment: string;
  resources: Json;
  minReplicas: number;
  maxReplicas: number;
  replicas: number;
  autoscaling: Json;
  loadBalancer: Json;
  healthCheck: Json;
  updateStrategy: Json;
  runtime: Json;
  status: string;
  specRevision: number;
  endpoints: EndpointRow[];
}

export interface RouteRow {
  id: string;
  workspaceId: string;
  name: string;
  enabled: boolean;
  targets: Json;
  fallback: Json;
  overflow: Json;
  accessKeyIds: string[];
  accessWorkspaces: string[];
}

export interface ProviderKeyRow {
  id: string;
  description: string;
  weight: number;
  last4: string;
  enabled: boolean;
  createdAt?: Date;
}

export interface ProviderModelRow {
  id: string;
  name: string;
  upstreamName: string;
  azureDeployment: string | null;
  modelId: string | null;
}

export interface ProviderRow {
  id: string;
  workspaceId: string;
  name: string;
  vendor: string;
  baseUrl: string;
  apiVersion: string | null;
  enabled: boolean;
  keys: ProviderKeyRow[];
  models: ProviderModelRow[];
}

export interface ModelRow {
  id: string;
  workspaceId: string | null;
  name: string;
  kind: string;
  contextWindow: number;
}

export interface PriceRow {
  id: string;
  modelId: string | null;
  providerModelId: string | null;
  deploymentId: string | null;
  inputPerMTok: DecimalLike;
  cachedInputPerMTok: DecimalLike;
  outputPerMTok: DecimalLike;
  /** Deployments only; null when the price has no GPU-hour cost. */
  gpuHour: DecimalLike | null;
  currency: string;
  effectiveFrom: Date;
}

/** "****abcd": all the API and the events ever show of a provider key. */
export function maskLast4(last4: string): string {
  return `****${last4}`;
}

function record(value: Json): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function num(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

function optNum(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function optStr(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

export function resourcesFromJson(value: Json): ResourcesConfig {
  const r = record(value);
  return {
    cpuCores: num(r.cpuCores, 0),
    memoryGb: num(r.memoryGb, 0),
    gpuCount: num(r.gpuCount, 0),
    gpuType: optStr(r.gpuType),
    storageGb: num(r.storageGb, 0),
    bandwidthMbps: num(r.bandwidthMbps, 0),
  };
}

export function autoscalingFromJson(value: Json): AutoscalingConfig {
  const a = record(value);
  return {
    enabled: a.enabled === true,
    targetCpuPercent: optNum(a.targetCpuPercent),
    targetMemoryPercent: optNum(a.targetMemoryPercent),
    targetGpuPercent: optNum(a.targetGpuPercent),
    targetQueueDepth: optNum(a.targetQueueDepth),
    scaleUpCooldownSeconds: num(a.scaleUpCooldownSeconds, 60),
    scaleDownCooldownSeconds: num(a.scaleDownCooldownSeconds, 300),
  };
}

export function loadBalancerFromJson(value: Json): LoadBalancerConfig {
  const l = record(value);
  return {
    strategy: (optStr(l.strategy) ?? 'round-robin') as LoadBalancerConfig['strategy'],
    stickySessions: l.stickySessions === true,
    sessionHeader: optStr(l.sessionHeader),
  };
}

export function healthCheckFromJson(value: Json): HealthCheckConfig {
  const h = record(value);
  return {
    path: optStr(h.path) ?? '/health',
    intervalSeconds: num(h.intervalSeconds, 30),
    timeoutSeconds: num(h.timeoutSeconds, 5),
    failureThreshold: num(h.failureThreshold, 3),
    successThreshold: num(h.successThreshold, 1),
  };
}

export function runtimeFromJson(value: Json): RuntimeConfig {
  const r = record(value);
  return {
    driver: (optStr(r.driver) ?? 'static') as RuntimeConfig['driver'],
    settings: record(r.settings) as RuntimeConfig['settings'],
  };
}

export function updateStrategyFromJson(value: Json): StoredUpdateStrategy {
  const u = record(value);
  return { strategy: (optStr(u.strategy) ?? 'rolling') as UpdateStrategy, parameters: record(u.parameters) };
}

export function endpointToSnapshot(row: EndpointRow): EndpointSnapshot {
  return {
    id: row.id,
    url: row.url,
    weight: row.weight,
    priority: (row.priority === 'backup' ? 'backup' : 'primary') as EndpointPriority,
    enabled: row.enabled,
  };
}

/** Endpoints in a stable order (creation, then url) so snapshots compare equal. */
export function sortEndpoints<T extends EndpointRow>(endpoints: readonly T[]): T[] {
  return [...endpoints].sort((a, b) => (a.createdAt?.getTime() ?? 0) - (b.createdAt?.getTime() ?? 0) || a.url.localeCompare(b.url));
}

export function deploymentToSnapshot(row: DeploymentRow): DeploymentSnapshot {
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    name: row.name,
    description: row.description,
    status: row.status as DeploymentStatus,
    model: row.modelId,
    version: row.modelVersion,
    environment: row.environment as DeploymentEnvironment,
    updateStrategy: updateStrategyFromJson(row.updateStrategy).strategy,
    loadBalancer: loadBalancerFromJson(row.loadBalancer),
    healthCheck: healthCheckFromJson(row.healthCheck),
    runtime: runtimeFromJson(row.runtime),
    replicas: row.replicas,
    minReplicas: row.minReplicas,
    maxReplicas: row.maxReplicas,
    autoscaling: autoscalingFromJson(row.autoscaling),
    resources: resourcesFromJson(row.resources),
    endpoints: sortEndpoints(row.endpoints).map(endpointToSnapshot),
    specRevision: row.specRevision,
  };
}

export function targetFromJson(value: Json): RouteTargetSnapshot {
  const t = record(value);
  return {
    kind: t.kind === 'provider-model' ? 'provider-model' : 'deployment',
    deploymentId: optStr(t.deploymentId),
    providerId: optStr(t.providerId),
    providerModelId: optStr(t.providerModelId),
    weight: num(t.weight, 100),
    priority: optNum(t.priority),
  };
}

export function fallbackFromJson(value: Json): RouteFallbackSnapshot | null {
  if (value === null || value === undefined || typeof value !== 'object') return null;
  const { weight: _weight, ...rest } = targetFromJson(value);
  return rest;
}

export function overflowFromJson(value: Json): RouteOverflowOptions | null {
  if (value === null || value === undefined || typeof value !== 'object') return null;
  const o = record(value);
  return { enabled: o.enabled === true, maxShare: num(o.maxShare, 0), queueDepthThreshold: optNum(o.queueDepthThreshold) };
}

export function routeToSnapshot(row: RouteRow): RouteSnapshot {
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    name: row.name,
    enabled: row.enabled,
    targets: Array.isArray(row.targets) ? row.targets.map(targetFromJson) : [],
    fallback: fallbackFromJson(row.fallback),
    access: { allowedKeyIds: [...row.accessKeyIds], allowedWorkspaceIds: [...row.accessWorkspaces] },
    overflow: overflowFromJson(row.overflow),
  };
}

export function providerKeyToSnapshot(row: ProviderKeyRow): ProviderKeySnapshot {
  return { id: row.id, description: row.description, weight: row.weight, maskedSecret: maskLast4(row.last4), enabled: row.enabled };
}

export function providerModelToSnapshot(row: ProviderModelRow): ProviderModelSnapshot {
  return { id: row.id, name: row.name, upstreamName: row.upstreamName, azureDeployment: row.azureDeployment, modelId: row.modelId };
}

/** The provider without any secret: key ids, descriptions, weights, masks and flags only. */
export function providerToSnapshot(row: ProviderRow): ProviderSnapshot {
  const keys = [...row.keys].sort((a, b) => (a.createdAt?.getTime() ?? 0) - (b.createdAt?.getTime() ?? 0) || a.id.localeCompare(b.id));
  const models = [...row.models].sort((a, b) => a.name.localeCompare(b.name));
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    name: row.name,
    vendor: row.vendor as ProviderVendor,
    baseUrl: row.baseUrl,
    apiVersion: row.apiVersion,
    enabled: row.enabled,
    keys: keys.map(providerKeyToSnapshot),
    models: models.map(providerModelToSnapshot),
  };
}

export function modelToSnapshot(row: ModelRow): ModelSnapshot {
  return { id: row.id, workspaceId: row.workspaceId, name: row.name, kind: row.kind as ModelKind, contextWindow: row.contextWindow };
}

export function priceToSnapshot(row: PriceRow): PriceSnapshot {
  return {
    id: row.id,
    modelId: row.modelId,
    providerModelId: row.providerModelId,
    deploymentId: row.deploymentId,
    inputPerMTok: row.inputPerMTok.toString(),
    cachedInputPerMTok: row.cachedInputPerMTok.toString(),
    outputPerMTok: row.outputPerMTok.toString(),
    currency: row.currency,
    effectiveFrom: row.effectiveFrom.toISOString(),
    gpuHour: row.gpuHour === null ? null : row.gpuHour.toString(),
  };
}
