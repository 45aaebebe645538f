// Registry entities as consumers see them (snapshot and *Changed events). Plain interfaces that mirror the
// messages in proto/switchyard/v1/registry.proto field for field, in their proto3 JSON form: camelCase names,
// times as ISO strings, money as decimal strings. `null` = unset. Never a secret.

export type Currency = string;
/** A decimal number as a string, e.g. "0.15": money never travels as a float. */
export type Decimal = string;

export interface WorkspaceSnapshot {
  id: string;
  name: string;
  slug: string;
  disabled: boolean;
  monthlyBudget: Decimal | null;
  currency: Currency;
  /** Soft alert thresholds, percent of the budget. */
  budgetAlertPercents: number[];
}

export interface ApiKeySnapshot {
  id: string;
  workspaceId: string;
  userId?: string | null;
  name: string;
  /** Visible start of the key, e.g. "sk-sy-ab12". */
  prefix: string;
  /** Lower-case hex SHA-256 of the full key. */
  hash: string;
  /** Route names; empty = every route of the workspace. */
  allowedRoutes: string[];
  /** null = unlimited. */
  rpmLimit: number | null;
  tpmLimit: number | null;
  monthlyBudget: Decimal | null;
  expiresAt: string | null;
  revoked: boolean;
}

export type ProviderVendor = 'openai' | 'anthropic' | 'azure' | 'openai-compatible';

export interface ProviderKeySnapshot {
  id: string;
  description: string;
  weight: number;
  /** e.g. "sk-...4f2a"; the secret itself only comes through Requests.ProviderCredentials. */
  maskedSecret: string;
  enabled: boolean;
}

export interface ProviderModelSnapshot {
  id: string;
  name: string;
  upstreamName: string;
  /** Azure deployment name. */
  azureDeployment?: string | null;
  /** The logical model this serves. */
  modelId?: string | null;
}

export interface ProviderSnapshot {
  id: string;
  workspaceId: string;
  name: string;
  vendor: ProviderVendor;
  baseUrl: string;
  apiVersion?: string | null;
  enabled: boolean;
  keys: ProviderKeySnapshot[];
  models: ProviderModelSnapshot[];
}

export type ModelKind = 'chat' | 'completion' | 'embedding';

export interface ModelSnapshot {
  id: string;
  /** null = platform-wide. */
  workspaceId?: string | null;
  name: string;
  kind: ModelKind;
  contextWindow: number;
}

/** Exactly one of modelId, providerModelId, deploymentId is set. */
export interface PriceSnapshot {
  id: string;
  modelId?: string | null;
  providerModelId?: string | null;
  deploymentId?: string | null;
  inputPerMTok: Decimal;
  cachedInputPerMTok: Decimal;
  outputPerMTok: Decimal;
  currency: Currency;
  effectiveFrom: string;
  /** Self-hosted deployments only: cost per GPU-hour, spread by billing over the tokens served each hour. */
  gpuHour?: Decimal | null;
}

export type DeploymentStatus =
  | 'pending'
  | 'deploying'
  | 'running'
  | 'updating'
  | 'stopping'
  | 'stopped'
  | 'failed'
  | 'deleting';
export type DeploymentEnvironment = 'development' | 'staging' | 'production';
export type UpdateStrategy = 'rolling' | 'blue-green' | 'canary';
export type LoadBalancingStrategy =
  | 'round-robin'
  | 'weighted-round-robin'
  | 'least-connections'
  | 'ip-hash'
  | 'sticky'
  | 'failover';
export type RuntimeDriver = 'static' | 'process' | 'kubernetes';
export type EndpointPriority = 'primary' | 'backup';

export interface LoadBalancerConfig {
  strategy: LoadBalancingStrategy;
  stickySessions: boolean;
  sessionHeader?: string | null;
}

export interface HealthCheckConfig {
  path: string;
  intervalSeconds: number;
  timeoutSeconds: number;
  failureThreshold: number;
  successThreshold: number;
}

/** JSON value allowed in runtime settings (a google.protobuf.Struct on the wire). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface RuntimeConfig {
  driver: RuntimeDriver;
  /** Driver-specific; never secrets. */
  settings: { [key: string]: JsonValue };
}

export interface AutoscalingConfig {
  enabled: boolean;
  targetCpuPercent?: number | null;
  targetMemoryPercent?: number | null;
  targetGpuPercent?: number | null;
  targetQueueDepth?: number | null;
  scaleUpCooldownSeconds: number;
  scaleDownCooldownSeconds: number;
}

/** Hints: shown and used for placement, not enforced by the static driver. */
export interface ResourcesConfig {
  cpuCores: number;
  memoryGb: number;
  gpuCount: number;
  gpuType?: string | null;
  storageGb: number;
  bandwidthMbps: number;
}

export interface EndpointSnapshot {
  id: string;
  url: string;
  weight: number;
  priority: EndpointPriority;
  enabled: boolean;
}

export interface DeploymentSnapshot {
  id: string;
  workspaceId: string;
  name: string;
  description: string;
  status: DeploymentStatus;
  model: string;
  version: string;
  environment: DeploymentEnvironment;
  updateStrategy: UpdateStrategy;
  loadBalancer: LoadBalancerConfig;
  healthCheck: HealthCheckConfig;
  runtime: RuntimeConfig;
  replicas: number;
  minReplicas: number;
  maxReplicas: number;
  autoscaling: AutoscalingConfig;
  resources: ResourcesConfig;
  endpoints: EndpointSnapshot[];
  specRevision: number;
}

export type RouteTargetKind = 'deployment' | 'provider-model';

export interface RouteTargetSnapshot {
  kind: RouteTargetKind;
  deploymentId?: string | null;
  providerId?: string | null;
  providerModelId?: string | null;
  /** Share = weight / sum of weights (default 100). */
  weight: number;
  /** Lower first; absent = weights only. */
  priority?: number | null;
}

/** The fallback target: same shape, no weight. */
export type RouteFallbackSnapshot = Omit<RouteTargetSnapshot, 'weight'>;

export interface RouteAccessSnapshot {
  /** Empty = every key of an allowed workspace. */
  allowedKeyIds: string[];
  /** Empty = the route's own workspace only. */
  allowedWorkspaceIds: string[];
}

export interface RouteOverflowOptions {
  enabled: boolean;
  /** 0..1 */
  maxShare: number;
  queueDepthThreshold?: number | null;
}

export interface RouteSnapshot {
  id: string;
  workspaceId: string;
  name: string;
  enabled: boolean;
  targets: RouteTargetSnapshot[];
  fallback: RouteFallbackSnapshot | null;
  access: RouteAccessSnapshot;
  overflow?: RouteOverflowOptions | null;
}
