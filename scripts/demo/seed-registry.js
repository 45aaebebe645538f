// Seeds the demo through the registry's REST API, idempotently: a second `npm start` finds and reuses what
// exists. Creates a workspace, a demo API key, a model with a price, a deployment of the three engine-sim
// instances (static driver: they already run), an OpenAI-compatible provider backed by the fourth simulator,
// and a route `chat` that sends two thirds of the traffic to the deployment and one third to the provider.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const stateDir = path.resolve(__dirname, '..', '..', '.switchyard');
const keyFile = path.join(stateDir, 'demo-key.json');
const WORKSPACE = { name: 'Demo', slug: 'demo', monthlyBudget: '100', currency: 'USD', budgetAlertPercents: [50, 80] };
const DEPLOYMENT = 'llama-demo';
const PROVIDER = 'local-openai-compatible';
const ROUTE = 'chat';

function client(registryUrl) {
  let token = null;
  async function call(method, p, body, { allow = [] } = {}) {
    const res = await fetch(`${registryUrl}${p}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const json = text ? JSON.parse(text) : null;
    if (!res.ok && !allow.includes(res.status)) {
      throw new Error(`${method} ${p} -> ${res.status}: ${json && json.error ? json.error.message : text.slice(0, 200)}`);
    }
    return { status: res.status, body: json };
  }
  return {
    call,
    async login(email, password) {
      const { body } = await call('POST', '/api/v1/auth/login', { email, password });
      token = body.accessToken;
    },
  };
}

/** The item of a paginated list whose `field` equals `value`, or undefined. */
async function findByName(api, listPath, value, field = 'name') {
  const { body } = await api.call('GET', `${listPath}${listPath.includes('?') ? '&' : '?'}limit=200&q=${encodeURIComponent(value)}`);
  return (body.items || []).find((i) => i[field] === value);
}

async function ensure(api, listPath, name, create, field = 'name') {
  const existing = await findByName(api, listPath, name, field);
  if (existing) return existing;
  return (await api.call('POST', listPath, create)).body;
}

async function seed({ registryUrl, gatewayUrl, sims, admin, log }) {
  const api = client(registryUrl);
  await api.login(admin.email, admin.password);

  const ws = await ensure(api, '/api/v1/workspaces', WORKSPACE.name, WORKSPACE);
  const w = `/api/v1/workspaces/${ws.id}`;
  const deploymentSims = sims.slice(0, 3);
  const providerSim = sims[3];

  const model = await ensure(api, `${w}/models`, deploymentSims[0].model, {
    name: deploymentSims[0].model,
    kind: 'chat',
    contextWindow: 131072,
    description: 'Llama 3.1 8B Instruct (engine simulator in the demo)',
  });
  const prices = (await api.call('GET', `${w}/prices?limit=200&modelId=${model.id}`)).body;
  if (!prices.items || prices.items.length === 0) {
    await api.call('POST', `${w}/prices`, { modelId: model.id, inputPerMTok: '0.20', cachedInputPerMTok: '0.10', outputPerMTok: '0.60', currency: 'USD' });
  }

  const deployment = await ensure(api, `${w}/deployments`, DEPLOYMENT, {
    name: DEPLOYMENT,
    description: 'Three engine-sim instances standing in for vLLM servers',
    modelId: deploymentSims[0].model,
    modelVersion: 'v1',
    environment: 'development',
    resources: { cpuCores: 1, memoryGb: 1, gpuCount: 0 },
    minReplicas: 1,
    maxReplicas: 3,
    loadBalancer: { strategy: 'least-connections', stickySessions: false, priority: 1 },
    healthCheck: { path: '/health', intervalSeconds: 5, timeoutSeconds: 2, failureThreshold: 3, successThreshold: 2 },
    updateStrategy: { strategy: 'rolling', parameters: { maxSurge: 1, maxUnavailable: 0 } },
    runtime: { driver: 'static', settings: {} },
    endpoints: deploymentSims.map((s) => ({ url: s.url, weight: 100, priority: 'primary' })),
    createRoute: true,
  });
  // The deployment's own price: the same token prices as its model, plus a GPU-hour cost that billing spreads over
  // the tokens it served each hour (shown once an hour has closed; the demo counts each instance as one GPU).
  const depPrices = (await api.call('GET', `${w}/prices?limit=200&deploymentId=${deployment.id}`)).body;
  if (!depPrices.items || depPrices.items.length === 0) {
    await api.call('POST', `${w}/prices`, {
      deploymentId: deployment.id, inputPerMTok: '0.20', cachedInputPerMTok: '0.10', outputPerMTok: '0.60', gpuHour: '0.90', currency: 'USD',
    });
  }
  const connectivity = deployment.connectivity ? deployment.connectivity.summary : 'not tested';
  log(`deployment ${DEPLOYMENT}: ${deployment.status} (connectivity: ${connectivity})`);

  const provider = await ensure(api, `${w}/providers`, PROVIDER, {
    name: PROVIDER,
    vendor: 'openai-compatible',
    baseUrl: providerSim.url,
    priority: 2,
    keys: [{ secret: 'sk-demo-local-provider-key-0001', description: 'demo key (the simulator accepts any)', weight: 1 }],
    models: [{ name: providerSim.model, upstreamName: providerSim.model }],
  });
  const listed = (await api.call('GET', `${w}/providers/${provider.id}/models`)).body;
  const providerModels = Array.isArray(listed) ? listed : listed.items || [];
  const providerModel = providerModels.find((m) => m.name === providerSim.model);
  if (!providerModel) throw new Error(`provider ${PROVIDER} has no model ${providerSim.model}`);
  const pmPrices = (await api.call('GET', `${w}/prices?limit=200&providerModelId=${providerModel.id}`)).body;
  if (!pmPrices.items || pmPrices.items.length === 0) {
    await api.call('POST', `${w}/prices`, { providerModelId: providerModel.id, inputPerMTok: '0.50', cachedInputPerMTok: '0.25', outputPerMTok: '1.50', currency: 'USD' });
  }

  await ensure(api, `${w}/routes`, ROUTE, {
    name: ROUTE,
    description: 'Demo: self-hosted Llama (weight 200) and an OpenAI-compatible provider (weight 100)',
    targets: [
      { kind: 'deployment', deploymentId: deployment.id, weight: 200 },
      { kind: 'provider-model', providerModelId: providerModel.id, weight: 100 },
    ],
  });

  const apiKey = await demoKey(api, w);
  return {
    gatewayUrl,
    apiKey,
    model: ROUTE,
    startTraffic: () => startTraffic({ gatewayUrl, apiKey, log }),
  };
}

/** Reuses the demo key of an earlier run while it still works, else issues a new one (shown once by the API). */
async function demoKey(api, w) {
  try {
    const saved = JSON.parse(fs.readFileSync(keyFile, 'utf8'));
    const { status, body } = await api.call('GET', `${w}/api-keys/${saved.id}`, undefined, { allow: [404] });
    if (status === 200 && !body.revoked) return saved.key;
  } catch {
    // no saved key yet
  }
  const { body } = await api.call('POST', `${w}/api-keys`, { name: `demo key ${new Date().toISOString().slice(0, 19)}`, rpmLimit: 6000, tpmLimit: 2000000, monthlyBudget: '50' });
  fs.mkdirSync(stateDir, { recursive: true });
  fs.writeFileSync(keyFile, JSON.stringify({ id: body.id, key: body.key }), { mode: 0o600 });
  return body.key;
}

/** A gentle stream of demo requests (one every 2 s, every fourth streamed) so the dashboard and reports have data. */
function startTraffic({ gatewayUrl, apiKey, log }) {
  let n = 0;
  let failures = 0;
  const timer = setInterval(async () => {
    n++;
    try {
      const res = await fetch(`${gatewayUrl}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
        body: JSON.stringify({ model: ROUTE, stream: n % 4 === 0, max_tokens: 32, messages: [{ role: 'user', content: `demo request ${n}` }] }),
        signal: AbortSignal.timeout(10_000),
      });
      await res.arrayBuffer();
      if (!res.ok && ++failures % 10 === 1) log(`demo traffic: ${res.status} from the gateway`);
    } catch (error) {
      if (++failures % 10 === 1) log(`demo traffic: ${error.message}`);
    }
  }, 2_000);
  timer.unref();
}

module.exports = { seed };
