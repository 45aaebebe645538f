import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createEnvelope, decodeEvent, encodeEvent } from '@switchyard/contracts';
import {
  deploymentToSnapshot,
  maskLast4,
  modelToSnapshot,
  priceToSnapshot,
  providerToSnapshot,
  routeToSnapshot,
  type DeploymentRow,
  type ProviderRow,
  type RouteRow,
} from './catalog.mappers';

const WS = '11111111-1111-4111-8111-111111111111';
const meta = { source: 'registry', workspaceId: WS, aggregateId: 'x', aggregateVersion: 1 };

const deploymentRow: DeploymentRow = {
  id: '22222222-2222-4222-8222-222222222222',
  workspaceId: WS,
  name: 'qwen-max',
  description: '<b>prod</b>',
  modelId: 'qwen2.5-72b',
  modelVersion: 'v2.1.0',
  environment: 'production',
  resources: { cpuCores: 8, memoryGb: 32, gpuCount: 2, gpuType: 'NVIDIA A100', storageGb: 200, bandwidthMbps: 1000 },
  minReplicas: 1,
  maxReplicas: 4,
  replicas: 2,
  autoscaling: { enabled: true, targetCpuPercent: 70, scaleUpCooldownSeconds: 30, scaleDownCooldownSeconds: 120 },
  loadBalancer: { strategy: 'weighted-round-robin', stickySessions: false },
  healthCheck: { path: '/health', intervalSeconds: 10, timeoutSeconds: 2, failureThreshold: 3, successThreshold: 1 },
  updateStrategy: { strategy: 'canary', parameters: { steps: [5, 50, 100] } },
  runtime: { driver: 'static', settings: { engine: 'vllm' } },
  status: 'running',
  specRevision: 3,
  endpoints: [
    { id: 'e2', url: 'http://10.0.0.6:8000/v1', weight: 50, priority: 'backup', enabled: true, createdAt: new Date(2000) },
    { id: 'e1', url: 'http://10.0.0.5:8000/v1', weight: 100, priority: 'primary', enabled: false, createdAt: new Date(1000) },
  ],
};

describe('deploymentToSnapshot', () => {
  it('maps every field into the contract shape, endpoints in creation order', () => {
    const s = deploymentToSnapshot(deploymentRow);
    assert.equal(s.model, 'qwen2.5-72b');
    assert.equal(s.version, 'v2.1.0');
    assert.equal(s.updateStrategy, 'canary');
    assert.equal(s.description, '<b>prod</b>');
    assert.deepEqual(s.endpoints.map((e) => e.id), ['e1', 'e2']);
    assert.deepEqual(s.endpoints[1], { id: 'e2', url: 'http://10.0.0.6:8000/v1', weight: 50, priority: 'backup', enabled: true });
    assert.deepEqual(s.autoscaling, {
      enabled: true,
      targetCpuPercent: 70,
      targetMemoryPercent: null,
      targetGpuPercent: null,
      targetQueueDepth: null,
      scaleUpCooldownSeconds: 30,
      scaleDownCooldownSeconds: 120,
    });
    assert.equal(s.resources.gpuType, 'NVIDIA A100');
    assert.equal(s.specRevision, 3);
  });

  it('fills defaults for missing JSON fields', () => {
    const s = deploymentToSnapshot({ ...deploymentRow, resources: {}, loadBalancer: null, healthCheck: [], runtime: 'x', updateStrategy: {}, endpoints: [] });
    assert.deepEqual(s.resources, { cpuCores: 0, memoryGb: 0, gpuCount: 0, gpuType: null, storageGb: 0, bandwidthMbps: 0 });
    assert.equal(s.loadBalancer.strategy, 'round-robin');
    assert.equal(s.healthCheck.path, '/health');
    assert.equal(s.runtime.driver, 'static');
    assert.equal(s.updateStrategy, 'rolling');
  });

  it('passes the strict event contract', () => {
    const deployment = deploymentToSnapshot(deploymentRow);
    assert.doesNotThrow(() => encodeEvent(createEnvelope('DeploymentCreated', { deploymentId: deployment.id, deployment }, meta)));
  });
});

const routeRow: RouteRow = {
  id: '33333333-3333-4333-8333-333333333333',
  workspaceId: WS,
  name: 'chat',
  enabled: true,
  targets: [
    { kind: 'deployment', deploymentId: deploymentRow.id, providerId: null, providerModelId: null, weight: 100, priority: null },
    { kind: 'provider-model', deploymentId: null, providerId: 'p1', providerModelId: 'pm1', weight: 200 },
  ],
  fallback: { kind: 'provider-model', providerId: 'p2', providerModelId: 'pm2', weight: 7 },
  overflow: { enabled: true, maxShare: 0.3 },
  accessKeyIds: ['k1'],
  accessWorkspaces: [],
};

describe('routeToSnapshot', () => {
  it('maps targets, fallback (without weight), access and overflow', () => {
    const s = routeToSnapshot(routeRow);
    assert.equal(s.targets.length, 2);
    assert.equal(s.targets[1].weight, 200);
    assert.equal(s.targets[1].priority, null);
    assert.equal(s.fallback?.providerModelId, 'pm2');
    assert.equal('weight' in (s.fallback ?? {}), false);
    assert.deepEqual(s.access, { allowedKeyIds: ['k1'], allowedWorkspaceIds: [] });
    assert.deepEqual(s.overflow, { enabled: true, maxShare: 0.3, queueDepthThreshold: null });
  });

  it('no fallback, no overflow, garbage targets', () => {
    const s = routeToSnapshot({ ...routeRow, fallback: null, overflow: null, targets: 'nope' });
    assert.equal(s.fallback, null);
    assert.equal(s.overflow, null);
    assert.deepEqual(s.targets, []);
  });

  it('passes the strict event contract', () => {
    const route = routeToSnapshot(routeRow);
    assert.doesNotThrow(() => encodeEvent(createEnvelope('RouteChanged', { routeId: route.id, name: route.name, change: 'created', route }, meta)));
  });
});

describe('providerToSnapshot', () => {
  const row: ProviderRow & { keys: Array<ProviderRow['keys'][number] & { ciphertext: string }> } = {
    id: '44444444-4444-4444-8444-444444444444',
    workspaceId: WS,
    name: 'OpenAI US',
    vendor: 'openai',
    baseUrl: 'https://api.openai.com/v1',
    apiVersion: null,
    enabled: true,
    keys: [
      { id: 'k2', description: 'backup', weight: 1, last4: 'zzzz', enabled: false, createdAt: new Date(2), ciphertext: 'SECRET-CIPHER' },
      { id: 'k1', description: 'primary', weight: 2, last4: 'abcd', enabled: true, createdAt: new Date(1), ciphertext: 'SECRET-CIPHER' },
    ],
    models: [
      { id: 'm2', name: 'gpt-4o-mini', upstreamName: 'gpt-4o-mini', azureDeployment: null, modelId: null },
      { id: 'm1', name: 'gpt-4o', upstreamName: 'gpt-4o', azureDeployment: null, modelId: null },
    ],
  };

  it('never carries a secret: masked last 4 only', () => {
    const s = providerToSnapshot(row);
    assert.deepEqual(s.keys[0], { id: 'k1', description: 'primary', weight: 2, maskedSecret: '****abcd', enabled: true });
    assert.equal(JSON.stringify(s).includes('SECRET-CIPHER'), false);
    assert.deepEqual(s.models.map((m) => m.name), ['gpt-4o', 'gpt-4o-mini']);
  });

  it('passes the strict event contract', () => {
    const provider = providerToSnapshot(row);
    assert.doesNotThrow(() =>
      encodeEvent(createEnvelope('ProviderChanged', { providerId: provider.id, change: 'updated', provider, credentialsChanged: true }, meta)),
    );
  });

  it('maskLast4', () => assert.equal(maskLast4('wxyz'), '****wxyz'));
});

describe('modelToSnapshot / priceToSnapshot', () => {
  it('model', () => {
    const m = modelToSnapshot({ id: 'm', workspaceId: WS, name: 'gpt-4o', kind: 'chat', contextWindow: 128000 });
    assert.deepEqual(m, { id: 'm', workspaceId: WS, name: 'gpt-4o', kind: 'chat', contextWindow: 128000 });
    assert.doesNotThrow(() => encodeEvent(createEnvelope('ModelChanged', { modelId: 'm', change: 'created', model: m }, meta)));
  });

  it('price: decimals as strings, time as ISO', () => {
    const p = priceToSnapshot({
      id: 'p',
      modelId: 'm',
      providerModelId: null,
      deploymentId: null,
      inputPerMTok: { toString: () => '2.5' },
      cachedInputPerMTok: { toString: () => '1.25' },
      outputPerMTok: { toString: () => '10' },
      gpuHour: null,
      currency: 'USD',
      effectiveFrom: new Date('2026-01-01T00:00:00Z'),
    });
    assert.equal(p.inputPerMTok, '2.5');
    assert.equal(p.effectiveFrom, '2026-01-01T00:00:00.000Z');
    assert.equal(p.gpuHour, null);
    assert.doesNotThrow(() => encodeEvent(createEnvelope('PriceChanged', { priceId: 'p', change: 'created', price: p }, meta)));
  });

  it('price: a GPU-hour cost as a decimal string, kept through the event contract', () => {
    const zero = { toString: () => '0' };
    const p = priceToSnapshot({
      id: 'p',
      modelId: null,
      providerModelId: null,
      deploymentId: 'd',
      inputPerMTok: zero,
      cachedInputPerMTok: zero,
      outputPerMTok: zero,
      gpuHour: { toString: () => '2.4' },
      currency: 'USD',
      effectiveFrom: new Date('2026-01-01T00:00:00Z'),
    });
    assert.equal(p.gpuHour, '2.4');
    const back = decodeEvent(encodeEvent(createEnvelope('PriceChanged', { priceId: 'p', change: 'created', price: p }, meta)), 'PriceChanged');
    assert.equal(back.data.price?.gpuHour, '2.4');
  });
});
