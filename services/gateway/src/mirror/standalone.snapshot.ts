// Standalone mode (benchmarks, local trials without a registry): a one-route snapshot whose route sends every
// request to one OpenAI-compatible upstream, reachable with one API key. Pure.
import { REGISTRY_SNAPSHOT_SCHEMA_VERSION, type RegistrySnapshot } from '@switchyard/contracts';
import { hashApiKey } from '../auth/api-key.authenticator';

export interface StandaloneOptions {
  /** Base URL of an OpenAI-compatible server, e.g. http://127.0.0.1:9000/v1. */
  upstreamUrl: string;
  /** Route name clients use, also the model name sent upstream. */
  model: string;
  /** The key clients present. */
  apiKey: string;
}

export function standaloneSnapshot(o: StandaloneOptions): RegistrySnapshot {
  const ws = 'standalone';
  return {
    schemaVersion: REGISTRY_SNAPSHOT_SCHEMA_VERSION,
    version: 0,
    generatedAt: new Date(0).toISOString(),
    workspaces: [{ id: ws, name: 'standalone', slug: 'standalone', disabled: false, monthlyBudget: null, currency: 'USD', budgetAlertPercents: [] }],
    apiKeys: [
      {
        id: 'standalone-key', workspaceId: ws, userId: null, name: 'standalone', prefix: o.apiKey.slice(0, 6), hash: hashApiKey(o.apiKey),
        allowedRoutes: [], rpmLimit: null, tpmLimit: null, monthlyBudget: null, expiresAt: null, revoked: false,
      },
    ],
    providers: [],
    models: [],
    prices: [],
    deployments: [
      {
        id: 'standalone-deployment', workspaceId: ws, name: 'standalone', description: 'GATEWAY_STANDALONE_UPSTREAM', status: 'running',
        model: o.model, version: 'standalone', environment: 'development', updateStrategy: 'rolling',
        loadBalancer: { strategy: 'round-robin', stickySessions: false, sessionHeader: null },
        healthCheck: { path: '/health', intervalSeconds: 10, timeoutSeconds: 2, failureThreshold: 3, successThreshold: 1 },
        runtime: { driver: 'static', settings: {} }, replicas: 1, minReplicas: 1, maxReplicas: 1,
        autoscaling: { enabled: false, scaleUpCooldownSeconds: 60, scaleDownCooldownSeconds: 300 },
        resources: { cpuCores: 0, memoryGb: 0, gpuCount: 0, storageGb: 0, bandwidthMbps: 0 },
        endpoints: [{ id: 'standalone-0', url: o.upstreamUrl, weight: 100, priority: 'primary', enabled: true }],
        specRevision: 1,
      },
    ],
    routes: [
      {
        id: 'standalone-route', workspaceId: ws, name: o.model, enabled: true,
        targets: [{ kind: 'deployment', deploymentId: 'standalone-deployment', weight: 100 }],
        fallback: null, access: { allowedKeyIds: [], allowedWorkspaceIds: [] }, overflow: null,
      },
    ],
  };
}
