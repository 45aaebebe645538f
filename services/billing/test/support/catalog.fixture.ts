import type { DeploymentSnapshot, RegistrySnapshot } from '@switchyard/contracts';

export const WS_A = '11111111-1111-4111-8111-111111111111';
export const WS_B = '22222222-2222-4222-8222-222222222222';
export const KEY_A = 'aaaaaaaa-0000-4000-8000-000000000001';
export const DEP_A = 'dddddddd-0000-4000-8000-000000000001';
export const DEP_B = 'dddddddd-0000-4000-8000-000000000002';
/** The price change in the middle of the period. */
export const PRICE_CHANGE_AT = '2026-11-10T12:00:00.000Z';

export function deployment(id: string, workspaceId: string): DeploymentSnapshot {
  return {
    id, workspaceId, name: `llama-${id.slice(-1)}`, description: '', status: 'running', model: 'llama', version: 'v1',
    environment: 'production', updateStrategy: 'rolling',
    loadBalancer: { strategy: 'round-robin', stickySessions: false },
    healthCheck: { path: '/health', intervalSeconds: 10, timeoutSeconds: 2, failureThreshold: 3, successThreshold: 2 },
    runtime: { driver: 'static', settings: {} },
    replicas: 1, minReplicas: 1, maxReplicas: 1,
    autoscaling: { enabled: false, scaleUpCooldownSeconds: 30, scaleDownCooldownSeconds: 300 },
    resources: { cpuCores: 1, memoryGb: 1, gpuCount: 0, storageGb: 10, bandwidthMbps: 100 },
    endpoints: [], specRevision: 1,
  };
}

/** Two workspaces with a deployment each; a per-model price that doubles at PRICE_CHANGE_AT; budgets on A. */
export function catalog(base: RegistrySnapshot, budgets: { workspace: string | null; key: string | null }): RegistrySnapshot {
  return {
    ...base,
    version: base.version + 1,
    workspaces: [
      { id: WS_A, name: 'A', slug: 'a', disabled: false, monthlyBudget: budgets.workspace, currency: 'USD', budgetAlertPercents: [50] },
      { id: WS_B, name: 'B', slug: 'b', disabled: false, monthlyBudget: null, currency: 'USD', budgetAlertPercents: [] },
    ],
    apiKeys: [
      { id: KEY_A, workspaceId: WS_A, userId: null, name: 'k', prefix: 'sk-sy-aaaa', hash: 'a'.repeat(64), allowedRoutes: [],
        rpmLimit: null, tpmLimit: null, monthlyBudget: budgets.key, expiresAt: null, revoked: false },
    ],
    models: [{ id: 'mmmmmmmm-0000-4000-8000-000000000001', workspaceId: null, name: 'llama', kind: 'chat', contextWindow: 8192 }],
    prices: [
      { id: 'pppppppp-0000-4000-8000-000000000001', modelId: 'mmmmmmmm-0000-4000-8000-000000000001', inputPerMTok: '1',
        cachedInputPerMTok: '0.5', outputPerMTok: '2', currency: 'USD', effectiveFrom: '2026-01-01T00:00:00.000Z' },
      { id: 'pppppppp-0000-4000-8000-000000000002', modelId: 'mmmmmmmm-0000-4000-8000-000000000001', inputPerMTok: '2',
        cachedInputPerMTok: '1', outputPerMTok: '4', currency: 'USD', effectiveFrom: PRICE_CHANGE_AT },
    ],
    deployments: [deployment(DEP_A, WS_A), deployment(DEP_B, WS_B)],
  };
}
