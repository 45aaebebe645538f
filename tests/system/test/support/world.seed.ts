// Seeds a platform through the registry's REST API with the request bodies of scripts/demo/seed-registry.js:
// a workspace, a model with a price, a deployment of engine simulators (static driver), an OpenAI-compatible
// provider backed by another simulator, a weighted route and an API key; optionally an embedding deployment.
import type { RegistryClient } from './registry.client';

export const CHAT_MODEL = 'llama-3.1-8b-instruct';
export const PROVIDER_MODEL = 'qwen2.5-7b-instruct';
export const EMBED_MODEL = 'sim-embed';
export const DEPLOYMENT = 'llama-demo';
export const EMBED_DEPLOYMENT = 'embed';
export const PROVIDER = 'local-openai-compatible';
export const ROUTE = 'chat';
/** Prices per million tokens of the deployment's model and of the provider's model. */
export const DEPLOYMENT_PRICE = { inputPerMTok: '0.20', cachedInputPerMTok: '0.10', outputPerMTok: '0.60', currency: 'USD' };
export const PROVIDER_PRICE = { inputPerMTok: '0.50', cachedInputPerMTok: '0.25', outputPerMTok: '1.50', currency: 'USD' };

export interface SeedInput {
  /** Base URLs (http://host:port) of the deployment's simulators. */
  deploymentSims: string[];
  providerSim: string;
  embeddingSim?: string;
  /** Health check of the deployment (default as in the demo: every 5 s). */
  healthCheck?: { path: string; intervalSeconds: number; timeoutSeconds: number; failureThreshold: number; successThreshold: number };
}

export interface World {
  workspaceId: string;
  apiKey: string;
  apiKeyId: string;
  deploymentId: string;
  providerId: string;
  providerModelId: string;
  routeId: string;
  embedDeploymentId?: string;
}

interface Item {
  id: string;
  name: string;
}

export async function seedWorld(api: RegistryClient, input: SeedInput): Promise<World> {
  const ws = await api.post<Item>('/api/v1/workspaces', { name: 'Demo', slug: 'demo', monthlyBudget: '100', currency: 'USD', budgetAlertPercents: [50, 80] });
  const w = `/api/v1/workspaces/${ws.id}`;

  const model = await api.post<Item>(`${w}/models`, {
    name: CHAT_MODEL,
    kind: 'chat',
    contextWindow: 131072,
    description: 'Llama 3.1 8B Instruct (engine simulator in the system tests)',
  });
  await api.post(`${w}/prices`, { modelId: model.id, ...DEPLOYMENT_PRICE });

  const deployment = await api.post<Item>(`${w}/deployments`, {
    name: DEPLOYMENT,
    description: 'Three engine-sim instances standing in for vLLM servers',
    modelId: CHAT_MODEL,
    modelVersion: 'v1',
    environment: 'development',
    resources: { cpuCores: 1, memoryGb: 1, gpuCount: 0 },
    minReplicas: 1,
    maxReplicas: 3,
    loadBalancer: { strategy: 'least-connections', stickySessions: false, priority: 1 },
    healthCheck: input.healthCheck ?? { path: '/health', intervalSeconds: 5, timeoutSeconds: 2, failureThreshold: 3, successThreshold: 2 },
    updateStrategy: { strategy: 'rolling', parameters: { maxSurge: 1, maxUnavailable: 0 } },
    runtime: { driver: 'static', settings: {} },
    endpoints: input.deploymentSims.map((url) => ({ url: `${url}/v1`, weight: 100, priority: 'primary' })),
    createRoute: true,
  });

  const provider = await api.post<Item>(`${w}/providers`, {
    name: PROVIDER,
    vendor: 'openai-compatible',
    baseUrl: `${input.providerSim}/v1`,
    priority: 2,
    keys: [{ secret: 'sk-demo-local-provider-key-0001', description: 'demo key (the simulator accepts any)', weight: 1 }],
    models: [{ name: PROVIDER_MODEL, upstreamName: PROVIDER_MODEL }],
  });
  // The registry answers this one with a plain array (scripts/demo/seed-registry.js expects { items }).
  const listed = await api.get<Item[] | { items: Item[] }>(`${w}/providers/${provider.id}/models`);
  const providerModel = (Array.isArray(listed) ? listed : listed.items).find((m) => m.name === PROVIDER_MODEL);
  if (!providerModel) throw new Error(`provider ${PROVIDER} has no model ${PROVIDER_MODEL}`);
  await api.post(`${w}/prices`, { providerModelId: providerModel.id, ...PROVIDER_PRICE });

  const route = await api.post<Item>(`${w}/routes`, {
    name: ROUTE,
    description: 'Self-hosted Llama (weight 200) and an OpenAI-compatible provider (weight 100)',
    targets: [
      { kind: 'deployment', deploymentId: deployment.id, weight: 200 },
      { kind: 'provider-model', providerModelId: providerModel.id, weight: 100 },
    ],
  });

  let embedDeploymentId: string | undefined;
  if (input.embeddingSim) {
    const embedModel = await api.post<Item>(`${w}/models`, { name: EMBED_MODEL, kind: 'embedding', contextWindow: 8192 });
    await api.post(`${w}/prices`, { modelId: embedModel.id, inputPerMTok: '0.02', outputPerMTok: '0', currency: 'USD' });
    const embed = await api.post<Item>(`${w}/deployments`, {
      name: EMBED_DEPLOYMENT,
      modelId: EMBED_MODEL,
      modelVersion: 'v1',
      environment: 'development',
      resources: { cpuCores: 1, memoryGb: 1, gpuCount: 0 },
      minReplicas: 1,
      maxReplicas: 1,
      runtime: { driver: 'static', settings: {} },
      endpoints: [{ url: `${input.embeddingSim}/v1`, weight: 100, priority: 'primary' }],
      createRoute: true,
    });
    embedDeploymentId = embed.id;
  }

  const key = await api.post<{ id: string; key: string }>(`${w}/api-keys`, { name: 'system test key', rpmLimit: 100000, tpmLimit: 100000000, monthlyBudget: '50' });
  return {
    workspaceId: ws.id,
    apiKey: key.key,
    apiKeyId: key.id,
    deploymentId: deployment.id,
    providerId: provider.id,
    providerModelId: providerModel.id,
    routeId: route.id,
    embedDeploymentId,
  };
}
