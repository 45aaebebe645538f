// Fully populated sample values for the specs: every field of every payload and entity set, so a spec can check
// that the TypeScript interfaces and the proto messages have the same fields. Not exported from index.ts.
import type { EventPayloads } from './event-payloads';
import type {
  ApiKeySnapshot,
  DeploymentSnapshot,
  ModelSnapshot,
  PriceSnapshot,
  ProviderSnapshot,
  RouteSnapshot,
  WorkspaceSnapshot,
} from './registry.types';
import { REGISTRY_SNAPSHOT_SCHEMA_VERSION, type RegistrySnapshot } from './snapshot';
import type { EventType } from './subjects';

export const sampleWorkspace: WorkspaceSnapshot = {
  id: 'ws_1',
  name: 'Acme',
  slug: 'acme',
  disabled: false,
  monthlyBudget: '1000.00',
  currency: 'USD',
  budgetAlertPercents: [50, 80],
};

export const sampleApiKey: ApiKeySnapshot = {
  id: 'key_1',
  workspaceId: 'ws_1',
  userId: 'user_1',
  name: 'ci',
  prefix: 'sk-sy-ab12',
  hash: 'a'.repeat(64),
  allowedRoutes: ['chat-default'],
  rpmLimit: 600,
  tpmLimit: 100000,
  monthlyBudget: '50.5',
  expiresAt: '2030-01-01T00:00:00.000Z',
  revoked: false,
};

export const sampleProvider: ProviderSnapshot = {
  id: 'prov_1',
  workspaceId: 'ws_1',
  name: 'azure-east',
  vendor: 'azure',
  baseUrl: 'https://acme.openai.azure.com',
  apiVersion: '2024-10-21',
  enabled: true,
  keys: [{ id: 'pk_1', description: 'primary', weight: 100, maskedSecret: 'sk-...4f2a', enabled: true }],
  models: [
    { id: 'pm_1', name: 'gpt-4o', upstreamName: 'gpt-4o', azureDeployment: 'gpt4o-prod', modelId: 'model_1' },
  ],
};

export const sampleModel: ModelSnapshot = {
  id: 'model_1',
  workspaceId: 'ws_1',
  name: 'gpt-4o',
  kind: 'chat',
  contextWindow: 128000,
};

export const samplePrice: PriceSnapshot = {
  id: 'price_1',
  modelId: 'model_1',
  providerModelId: 'pm_1',
  deploymentId: 'dep_1',
  inputPerMTok: '2.50',
  cachedInputPerMTok: '1.25',
  outputPerMTok: '10.00',
  currency: 'USD',
  effectiveFrom: '2025-01-01T00:00:00.000Z',
  gpuHour: '2.40',
};

export const sampleDeployment: DeploymentSnapshot = {
  id: 'dep_1',
  workspaceId: 'ws_1',
  name: 'llama-8b',
  description: 'Llama 3.1 8B for internal chat',
  status: 'running',
  model: 'llama-3.1-8b',
  version: 'v2.1.0',
  environment: 'production',
  updateStrategy: 'rolling',
  loadBalancer: { strategy: 'least-connections', stickySessions: true, sessionHeader: 'x-session-id' },
  healthCheck: { path: '/health', intervalSeconds: 10, timeoutSeconds: 2, failureThreshold: 3, successThreshold: 2 },
  runtime: { driver: 'process', settings: { command: 'engine-sim', args: ['--port', '{port}'], gpu: false } },
  replicas: 2,
  minReplicas: 1,
  maxReplicas: 4,
  autoscaling: {
    enabled: true,
    targetCpuPercent: 70,
    targetMemoryPercent: 80,
    targetGpuPercent: 90,
    targetQueueDepth: 8,
    scaleUpCooldownSeconds: 30,
    scaleDownCooldownSeconds: 300,
  },
  resources: { cpuCores: 4, memoryGb: 16, gpuCount: 1, gpuType: 'NVIDIA A100', storageGb: 200, bandwidthMbps: 1000 },
  endpoints: [{ id: 'ep_1', url: 'http://10.0.0.5:8000/v1', weight: 100, priority: 'primary', enabled: true }],
  specRevision: 3,
};

export const sampleRoute: RouteSnapshot = {
  id: 'route_1',
  workspaceId: 'ws_1',
  name: 'chat-default',
  enabled: true,
  targets: [
    { kind: 'deployment', deploymentId: 'dep_1', providerId: 'prov_0', providerModelId: 'pm_0', weight: 100, priority: 1 },
    { kind: 'provider-model', providerId: 'prov_1', providerModelId: 'pm_1', weight: 200 },
  ],
  fallback: { kind: 'provider-model', deploymentId: null, providerId: 'prov_1', providerModelId: 'pm_1', priority: null },
  access: { allowedKeyIds: ['key_1'], allowedWorkspaceIds: ['ws_2'] },
  overflow: { enabled: true, maxShare: 0.3, queueDepthThreshold: 16 },
};

export const sampleSnapshot: RegistrySnapshot = {
  schemaVersion: REGISTRY_SNAPSHOT_SCHEMA_VERSION,
  version: 4211,
  generatedAt: '2025-06-01T10:00:00.000Z',
  workspaces: [sampleWorkspace],
  apiKeys: [sampleApiKey],
  providers: [sampleProvider],
  models: [sampleModel],
  prices: [samplePrice],
  deployments: [sampleDeployment],
  routes: [sampleRoute],
};

const budget = {
  scope: 'api-key',
  workspaceId: 'ws_1',
  apiKeyId: 'key_1',
  period: '2025-06',
  budget: '50.00',
  spent: '50.02',
  currency: 'USD',
} as const;

/** One fully populated payload per event type (the mapped type makes a missing event a compile error). */
export const samplePayloads: { [K in EventType]: EventPayloads[K] } = {
  DeploymentCreated: { deploymentId: 'dep_1', deployment: sampleDeployment },
  DeploymentUpdated: {
    deploymentId: 'dep_1',
    deployment: sampleDeployment,
    changedFields: ['minReplicas', 'healthCheck'],
    restartRequired: false,
  },
  DeploymentScaled: { deploymentId: 'dep_1', fromReplicas: 2, toReplicas: 3, reason: 'autoscale', detail: 'queue 12 > 8' },
  DeploymentStopped: { deploymentId: 'dep_1', reason: 'maintenance', requestedBy: 'user_1' },
  DeploymentStarted: { deploymentId: 'dep_1', replicas: 2, requestedBy: 'user_1' },
  DeploymentDeleted: { deploymentId: 'dep_1', name: 'llama-8b', requestedBy: 'user_1' },
  RolloutStarted: {
    rolloutId: 'ro_1',
    deploymentId: 'dep_1',
    strategy: 'canary',
    fromRevision: 2,
    toRevision: 3,
    fromVersion: 'v2.0.0',
    toVersion: 'v2.1.0',
    totalSteps: 4,
  },
  RolloutProgressed: {
    rolloutId: 'ro_1',
    deploymentId: 'dep_1',
    step: 2,
    totalSteps: 4,
    trafficPercent: 25,
    updatedReplicas: 1,
    totalReplicas: 2,
    phase: 'observe',
  },
  RolloutCompleted: { rolloutId: 'ro_1', deploymentId: 'dep_1', toRevision: 3, durationMs: 91000 },
  RolloutRolledBack: {
    rolloutId: 'ro_1',
    deploymentId: 'dep_1',
    fromRevision: 3,
    toRevision: 2,
    reason: 'error rate 12% > 5%',
    automatic: true,
  },
  InstanceRegistered: {
    instanceId: 'inst_1',
    deploymentId: 'dep_1',
    url: 'http://127.0.0.1:9001/v1',
    revision: 3,
    weight: 100,
    priority: 'backup',
    driver: 'process',
  },
  InstanceHealthy: { instanceId: 'inst_1', deploymentId: 'dep_1', previousState: 'ejected', consecutiveSuccesses: 2 },
  InstanceUnhealthy: {
    instanceId: 'inst_1',
    deploymentId: 'dep_1',
    reason: 'HTTP 503 on /health',
    consecutiveFailures: 3,
    detectedBy: 'active',
    ejectedUntil: '2025-06-01T10:00:30.000Z',
  },
  InstanceDegraded: { instanceId: 'inst_1', deploymentId: 'dep_1', reason: 'p95 high', p95Ms: 2300, errorRate: 0.07 },
  InstanceRemoved: { instanceId: 'inst_1', deploymentId: 'dep_1', reason: 'scaled down' },
  RouteChanged: { routeId: 'route_1', name: 'chat-default', change: 'updated', route: sampleRoute, previousName: 'chat' },
  ProviderChanged: { providerId: 'prov_1', change: 'updated', provider: sampleProvider, credentialsChanged: true },
  ApiKeyRevoked: { apiKeyId: 'key_1', workspaceId: 'ws_1', hash: 'a'.repeat(64), prefix: 'sk-sy-ab12', reason: 'leaked' },
  ApiKeyChanged: { apiKeyId: 'key_1', change: 'created', apiKey: sampleApiKey },
  ModelChanged: { modelId: 'model_1', change: 'updated', model: sampleModel },
  WorkspaceChanged: { workspaceId: 'ws_1', change: 'updated', workspace: sampleWorkspace },
  PriceChanged: { priceId: 'price_1', change: 'created', price: samplePrice },
  BudgetExceeded: { ...budget },
  BudgetThresholdReached: { ...budget, thresholdPercent: 80 },
};
