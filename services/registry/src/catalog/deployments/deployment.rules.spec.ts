import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../../common/api.error';
import {
  assertRuntimeScope,
  kubernetesNamePrefix,
  canonical,
  defaultReplicas,
  normaliseUrl,
  planEdit,
  planLifecycle,
  planModelUpdate,
  planScale,
  validateSpec,
  type DeploymentSpec,
} from './deployment.rules';

function spec(overrides: Partial<DeploymentSpec> = {}): DeploymentSpec & { name: string; modelId: string; modelVersion: string } {
  return {
    name: 'qwen',
    modelId: 'qwen2.5',
    modelVersion: 'v1',
    description: 'd',
    environment: 'development',
    resources: { cpuCores: 4, memoryGb: 16, gpuCount: 0, gpuType: null, storageGb: 0, bandwidthMbps: 0 },
    minReplicas: 1,
    maxReplicas: 4,
    replicas: 2,
    autoscaling: {
      enabled: false,
      targetCpuPercent: null,
      targetMemoryPercent: null,
      targetGpuPercent: null,
      targetQueueDepth: null,
      scaleUpCooldownSeconds: 60,
      scaleDownCooldownSeconds: 300,
    },
    loadBalancer: { strategy: 'round-robin', stickySessions: false, sessionHeader: null, priority: 1 },
    healthCheck: { path: '/health', intervalSeconds: 30, timeoutSeconds: 5, failureThreshold: 3, successThreshold: 1 },
    updateStrategy: { strategy: 'rolling', parameters: {} },
    runtime: { driver: 'static', settings: {} },
    env: {},
    endpoints: [{ url: 'http://10.0.0.5:8000/v1', weight: 100, priority: 'primary', enabled: true }],
    ...overrides,
  };
}

function fails(fn: () => unknown, status: number, field: string): void {
  assert.throws(fn, (e: unknown) => e instanceof ApiError && e.status === status && e.field === field);
}

describe('validateSpec', () => {
  it('accepts a sound spec', () => assert.doesNotThrow(() => validateSpec(spec())));
  it('min <= max', () => fails(() => validateSpec(spec({ minReplicas: 5, maxReplicas: 2, replicas: 2 })), 400, 'maxReplicas'));
  it('replicas within bounds', () => {
    fails(() => validateSpec(spec({ replicas: 5 })), 400, 'replicas');
    fails(() => validateSpec(spec({ replicas: 0 })), 400, 'replicas');
  });
  it('a GPU type needs GPUs', () => {
    fails(() => validateSpec(spec({ resources: { ...spec().resources, gpuType: 'NVIDIA T4' } })), 400, 'resources.gpuType');
    assert.doesNotThrow(() => validateSpec(spec({ resources: { ...spec().resources, gpuType: 'NVIDIA T4', gpuCount: 1 } })));
  });
  it('health timeout within the interval', () => {
    fails(() => validateSpec(spec({ healthCheck: { ...spec().healthCheck, timeoutSeconds: 31 } })), 400, 'healthCheck.timeoutSeconds');
  });
  it('an enabled autoscaler needs a target', () => {
    fails(() => validateSpec(spec({ autoscaling: { ...spec().autoscaling, enabled: true } })), 400, 'autoscaling');
    assert.doesNotThrow(() => validateSpec(spec({ autoscaling: { ...spec().autoscaling, enabled: true, targetQueueDepth: 8 } })));
  });
  it('endpoints belong to the static driver, which needs one', () => {
    fails(() => validateSpec(spec({ endpoints: [] })), 400, 'endpoints');
    fails(() => validateSpec(spec({ runtime: { driver: 'process', settings: {} } })), 400, 'endpoints');
    assert.doesNotThrow(() => validateSpec(spec({ runtime: { driver: 'kubernetes', settings: {} }, endpoints: [] })));
  });
  it('duplicate endpoints, trailing slashes included', () => {
    const e = spec().endpoints[0];
    fails(() => validateSpec(spec({ endpoints: [e, { ...e, url: `${e.url}/` }] })), 400, 'endpoints.1.url');
  });
});

describe('defaultReplicas', () => {
  const ep = spec().endpoints[0];
  it('static: the enabled endpoints, within bounds', () => {
    assert.equal(defaultReplicas(spec({ endpoints: [ep, { ...ep, url: 'http://b' }, { ...ep, url: 'http://c', enabled: false }] })), 2);
    assert.equal(defaultReplicas(spec({ maxReplicas: 1, endpoints: [ep, { ...ep, url: 'http://b' }] })), 1);
    assert.equal(defaultReplicas(spec({ minReplicas: 3, endpoints: [ep] })), 3);
  });
  it('other drivers: minReplicas', () => assert.equal(defaultReplicas(spec({ minReplicas: 2, runtime: { driver: 'process', settings: {} }, endpoints: [] })), 2));
});

describe('planEdit', () => {
  it('locked fields are 422 unless unchanged, with hints', () => {
    fails(() => planEdit(spec(), { name: 'other' }), 422, 'name');
    fails(() => planEdit(spec(), { modelId: 'llama' }), 422, 'modelId');
    fails(() => planEdit(spec(), { modelVersion: 'v2' }), 422, 'modelVersion');
    fails(() => planEdit(spec(), { replicas: 3 }), 422, 'replicas');
    assert.throws(() => planEdit(spec(), { modelId: 'llama' }), /update-model/);
    assert.throws(() => planEdit(spec(), { replicas: 3 }), /scale/);
    assert.deepEqual(planEdit(spec(), { name: 'qwen', modelId: 'qwen2.5', modelVersion: 'v1', replicas: 2 }).changedFields, []);
  });
  it('CPU/memory/GPU changes need a restart; storage and bandwidth do not', () => {
    const plan = planEdit(spec(), { resources: { cpuCores: 8, memoryGb: 32, storageGb: 100 } });
    assert.deepEqual(plan.changedFields, ['resources']);
    assert.deepEqual(plan.restartFields, ['resources.cpuCores', 'resources.memoryGb']);
    assert.equal(plan.next.resources.gpuCount, 0, 'merged field by field');
    assert.deepEqual(planEdit(spec(), { resources: { bandwidthMbps: 10 } }).restartFields, []);
    assert.deepEqual(planEdit(spec(), { resources: { gpuCount: 1, gpuType: 'NVIDIA A100' } }).restartFields, ['resources.gpuCount', 'resources.gpuType']);
  });
  it('runtime changes need a restart', () => {
    assert.deepEqual(planEdit(spec(), { runtime: { settings: { image: 'vllm:0.6' } } }).restartFields, ['runtime.settings']);
  });
  it('soft fields: editable without restart, merged', () => {
    const plan = planEdit(spec(), {
      description: 'x',
      environment: 'production',
      env: { A: '1' },
      healthCheck: { intervalSeconds: 10 },
      loadBalancer: { strategy: 'ip-hash' },
      autoscaling: { enabled: true, targetCpuPercent: 70 },
      updateStrategy: { strategy: 'blue-green', parameters: {} },
    });
    assert.deepEqual(plan.changedFields, ['description', 'environment', 'autoscaling', 'loadBalancer', 'healthCheck', 'updateStrategy', 'env']);
    assert.deepEqual(plan.restartFields, []);
    assert.equal(plan.next.healthCheck.timeoutSeconds, 5);
    assert.equal(plan.next.loadBalancer.priority, 1);
  });
  it('same values in another key order change nothing', () => {
    const s = spec({ env: { A: '1', B: '2' } });
    assert.deepEqual(planEdit(s, { env: { B: '2', A: '1' } }).changedFields, []);
  });
  it('new bounds clamp the replicas', () => {
    const up = planEdit(spec(), { minReplicas: 3 });
    assert.deepEqual(up.clamped, { from: 2, to: 3 });
    assert.deepEqual(up.changedFields, ['minReplicas', 'replicas']);
    const down = planEdit(spec({ replicas: 4 }), { maxReplicas: 2 });
    assert.deepEqual(down.clamped, { from: 4, to: 2 });
    assert.equal(planEdit(spec(), { maxReplicas: 3 }).clamped, null);
    fails(() => planEdit(spec(), { minReplicas: 5 }), 400, 'maxReplicas');
  });
  it('endpoint changes are validated', () => {
    fails(() => planEdit(spec(), { endpoints: [] }), 400, 'endpoints');
    assert.deepEqual(planEdit(spec(), { endpoints: [{ url: 'http://new/v1', weight: 1, priority: 'backup', enabled: true }] }).changedFields, ['endpoints']);
  });
});

describe('planScale / planLifecycle / planModelUpdate', () => {
  const d = { minReplicas: 1, maxReplicas: 4, replicas: 2, status: 'running' };
  it('scale within bounds only, never while stopped', () => {
    assert.doesNotThrow(() => planScale(d, 1));
    assert.doesNotThrow(() => planScale(d, 4));
    fails(() => planScale(d, 0), 422, 'replicas');
    fails(() => planScale(d, 5), 422, 'replicas');
    assert.throws(() => planScale({ ...d, status: 'stopped' }, 2), (e: unknown) => e instanceof ApiError && e.status === 409);
  });
  it('stop from anything but stopped; start only from stopped', () => {
    for (const s of ['pending', 'deploying', 'running', 'updating', 'failed']) assert.equal(planLifecycle(s, 'stop'), 'stopped');
    assert.throws(() => planLifecycle('stopped', 'stop'), (e: unknown) => e instanceof ApiError && e.status === 409);
    assert.equal(planLifecycle('stopped', 'start'), 'deploying');
    for (const s of ['pending', 'running', 'failed']) assert.throws(() => planLifecycle(s, 'start'), (e: unknown) => e instanceof ApiError && e.status === 409);
  });
  it('update-model needs a change (or a pending restart)', () => {
    const cur = { modelId: 'm', modelVersion: 'v1', status: 'running', requiresRestart: false };
    assert.deepEqual(planModelUpdate(cur, { modelVersion: 'v2' }), { modelId: 'm', modelVersion: 'v2', status: 'updating' });
    assert.deepEqual(planModelUpdate(cur, { modelId: 'n', modelVersion: 'v1' }), { modelId: 'n', modelVersion: 'v1', status: 'updating' });
    fails(() => planModelUpdate(cur, { modelVersion: 'v1' }), 422, 'modelVersion');
    assert.equal(planModelUpdate({ ...cur, requiresRestart: true }, { modelVersion: 'v1' }).status, 'updating');
    assert.equal(planModelUpdate({ ...cur, status: 'stopped' }, { modelVersion: 'v2' }).status, 'stopped');
  });
});

describe('helpers', () => {
  it('normaliseUrl drops trailing slashes', () => assert.equal(normaliseUrl('http://a/v1//'), 'http://a/v1'));
  it('canonical sorts keys deeply, keeps array order', () => {
    assert.equal(canonical({ b: 1, a: { d: 1, c: [2, 1] } }), canonical({ a: { c: [2, 1], d: 1 }, b: 1 }));
    assert.notEqual(canonical([1, 2]), canonical([2, 1]));
  });
});

describe('kubernetes runtime scope', () => {
  const ws = '5f1c2a9e-3b7d-4c1a-9f0e-2d6b8a4c7e31';
  const k = (settings: Record<string, unknown>) => ({ driver: 'kubernetes', settings: { kubernetes: settings } });
  it("lets a tenant name only its own Deployments, in the platform's namespace", () => {
    assert.equal(kubernetesNamePrefix(ws), 'sy-5f1c2a9e-');
    assertRuntimeScope(k({ deployment: 'sy-5f1c2a9e-llama' }), ws, false);
    assert.throws(() => assertRuntimeScope(k({ deployment: 'b-llama' }), ws, false), (e: unknown) => e instanceof ApiError && e.status === 422 && e.field === 'runtime.settings.kubernetes.deployment');
    assert.throws(() => assertRuntimeScope(k({ deployment: 'sy-5f1c2a9e-x', service: 'other' }), ws, false), (e: unknown) => e instanceof ApiError && e.field === 'runtime.settings.kubernetes.service');
    assert.throws(() => assertRuntimeScope(k({ deployment: 'sy-5f1c2a9e-x', namespace: 'kube-system' }), ws, false), (e: unknown) => e instanceof ApiError && e.status === 403);
  });
  it('leaves platform admins and other drivers alone', () => {
    assertRuntimeScope(k({ deployment: 'anything', namespace: 'gpu' }), ws, true);
    assertRuntimeScope({ driver: 'process', settings: { kubernetes: { deployment: 'x' } } }, ws, false);
    assertRuntimeScope(undefined, ws, false);
  });
});
