// The shapes the dashboard reads from the services' answers (only the fields it shows). Types only.

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export interface Me {
  kind: 'user' | 'service';
  id: string | null;
  email: string | null;
  name: string | null;
  platformAdmin: boolean;
  memberships: Array<{ workspaceId: string; workspaceName: string; role: string }>;
}

export interface Workspace {
  id: string;
  name: string;
  slug: string;
  description: string | null;
  disabled: boolean;
  monthlyBudget: string | null;
  currency: string;
}

export interface EndpointProbe {
  url: string;
  probedUrl: string;
  ok: boolean;
  status: number | null;
  latencyMs: number | null;
  error: string | null;
}

export interface Connectivity {
  ok: boolean | null;
  testedAt: string;
  reachable: number;
  total: number;
  summary: string;
  endpoints: EndpointProbe[];
}

export interface Deployment {
  id: string;
  workspaceId: string;
  name: string;
  description: string | null;
  modelId: string;
  modelVersion: string;
  environment: string;
  status: string;
  statusDetail: string;
  resources: { cpuCores: number; memoryGb: number; gpuCount?: number; gpuType?: string | null; storageGb?: number; bandwidthMbps?: number };
  replicas: number;
  minReplicas: number;
  maxReplicas: number;
  autoscaling: {
    enabled: boolean;
    targetCpuPercent: number | null;
    targetMemoryPercent: number | null;
    targetGpuPercent: number | null;
    targetQueueDepth?: number | null;
  };
  loadBalancer: { strategy: string; stickySessions: boolean; sessionHeader?: string | null; priority?: number };
  healthCheck: { path: string; intervalSeconds: number; timeoutSeconds?: number; failureThreshold?: number; successThreshold?: number };
  updateStrategy: { strategy: string; parameters?: Record<string, unknown> };
  runtime: { driver: string; settings?: Record<string, unknown> };
  env: Record<string, string>;
  endpoints: Array<{ id?: string; url: string; weight: number; priority: string; enabled: boolean }>;
  requiresRestart: boolean;
  connectivity: Connectivity | null;
  specRevision: number;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export type UpdatedDeployment = Deployment & { changedFields?: string[]; restartRequired?: boolean; restartFields?: string[] };

export interface InstanceHealth {
  state: string;
  consecutiveFailures: number;
  lastHeartbeat?: string;
  lastCheck?: string;
  p50Ms?: number;
  p95Ms?: number;
  p99Ms?: number;
  errorRate?: number;
  ejections: number;
  ejectedUntil?: string;
  reason?: string;
  updatedAt: string;
}

export interface Instance {
  instanceId: string;
  deploymentId: string;
  url?: string;
  weight?: number;
  effectiveWeight?: number;
  priority?: string;
  revision?: number;
  membership?: string;
  health: InstanceHealth | null;
}

export interface Rollout {
  id: string;
  deploymentId: string;
  strategy: string;
  fromRevision: number;
  toRevision: number;
  replicas: number;
  status: string;
  phase: string;
  stepIndex: number;
  phaseStartedAt: number;
  params: Record<string, unknown>;
  reason?: string;
}

export interface RouteTarget {
  kind: 'deployment' | 'provider-model' | string;
  deploymentId?: string | null;
  providerId?: string | null;
  providerModelId?: string | null;
  weight: number;
  priority?: number | null;
}

export interface Route {
  id: string;
  workspaceId: string;
  name: string;
  description?: string | null;
  enabled: boolean;
  targets: RouteTarget[];
  fallback: Omit<RouteTarget, 'weight'> | null;
  shares?: number[];
  version: number;
  updatedAt: string;
}

export interface CostRow {
  period: string;
  group: string;
  currency: string;
  requests: number;
  promptTokens: number;
  cachedPromptTokens: number;
  completionTokens: number;
  cost: string;
  /** The part of cost that is GPU-hours of self-hosted deployments (spread over their tokens, or idle). */
  gpuCost?: string;
}

export interface CostTotals {
  currency: string;
  requests: number;
  promptTokens: number;
  cachedPromptTokens: number;
  completionTokens: number;
  cost: string;
  /** The part of cost that is GPU-hours of self-hosted deployments (spread over their tokens, or idle). */
  gpuCost?: string;
}

export interface CostReport {
  from: string;
  to: string;
  groupBy: string;
  granularity: string;
  rows: CostRow[];
  totals: CostTotals[];
}

export interface ProviderKey {
  id: string;
  description: string;
  weight: number;
  maskedSecret: string;
  enabled: boolean;
  createdAt: string;
}

export interface ProviderModel {
  id: string;
  name: string;
  upstreamName?: string;
  providerId: string;
  modelId?: string | null;
}

export interface Provider {
  id: string;
  name: string;
  vendor: string;
  baseUrl: string;
  apiVersion?: string | null;
  enabled: boolean;
  priority: number;
  keys: ProviderKey[];
  models: ProviderModel[];
  updatedAt: string;
}

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  allowedRoutes: string[];
  rpmLimit: number | null;
  tpmLimit: number | null;
  monthlyBudget: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt?: string | null;
  createdAt?: string;
}
