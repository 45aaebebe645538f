import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createDeploymentBody, editDeploymentPatch, parseEndpointLines, parseEnvLines, type EditableDeployment } from './deployment-form';

const reader = (values: Record<string, string>) => (name: string) => values[name] ?? null;

const valid = {
  name: 'bert-api-v1',
  modelId: 'model-001',
  modelVersion: 'v2.1.0',
  environment: 'production',
  cpuCores: '4',
  memoryGb: '16',
  gpuCount: '0',
  minReplicas: '1',
  maxReplicas: '3',
  targetCpuPercent: '70',
  targetMemoryPercent: '80',
  lbStrategy: 'least-connections',
  healthCheckPath: '/health',
  healthCheckIntervalSeconds: '30',
  driver: 'static',
  updateStrategy: 'canary',
  endpoints: 'http://10.0.0.5:8000/v1\nhttp://10.0.0.6:8000/v1 50',
  env: 'VLLM_LOGGING_LEVEL=INFO',
  createRoute: 'on',
  autoscalingEnabled: 'on',
};

describe('createDeploymentBody', () => {
  it('builds the registry body from the seed fields', () => {
    const { body, errors } = createDeploymentBody(reader(valid));
    assert.deepEqual(errors, {});
    assert.ok(body);
    assert.equal(body.name, 'bert-api-v1');
    assert.deepEqual(body.resources, { cpuCores: 4, memoryGb: 16, gpuCount: 0, gpuType: null });
    assert.deepEqual(body.autoscaling, { enabled: true, targetCpuPercent: 70, targetMemoryPercent: 80, targetGpuPercent: null });
    assert.deepEqual(body.loadBalancer, { strategy: 'least-connections', stickySessions: false });
    assert.deepEqual(body.endpoints, [
      { url: 'http://10.0.0.5:8000/v1', weight: 100, priority: 'primary' },
      { url: 'http://10.0.0.6:8000/v1', weight: 50, priority: 'primary' },
    ]);
    assert.deepEqual(body.updateStrategy, { strategy: 'canary', parameters: {} });
    assert.equal(body.createRoute, true);
    assert.deepEqual(body.env, { VLLM_LOGGING_LEVEL: 'INFO' });
  });

  it('names every missing or wrong field with the form wording', () => {
    const { body, errors } = createDeploymentBody(reader({ ...valid, name: '', cpuCores: 'lots', minReplicas: '5', maxReplicas: '2', gpuCount: '2', healthCheckPath: 'health', endpoints: 'ftp://x' }));
    assert.equal(body, null);
    assert.equal(errors.name, 'Deployment Name is required');
    assert.equal(errors.cpuCores, 'CPU Cores must be a number');
    assert.equal(errors.maxReplicas, 'Max Replicas must be at least Min Replicas');
    assert.equal(errors.gpuType, 'GPU Type is required when GPU Count > 0');
    assert.match(errors.healthCheckPath, /starting with "\/"/);
    assert.match(errors.endpoints, /http\(s\)/);
  });

  it('requires endpoints for static deployments only', () => {
    assert.match(createDeploymentBody(reader({ ...valid, endpoints: '' })).errors.endpoints, /at least one/);
    assert.deepEqual(createDeploymentBody(reader({ ...valid, endpoints: '', driver: 'process' })).errors, {});
  });
});

describe('env and endpoint lines', () => {
  it('parses and rejects', () => {
    assert.deepEqual(parseEnvLines('# c\nA=1\n\nB = two=2').env, { A: '1', B: 'two=2' });
    assert.match(parseEnvLines('NOEQUALS').error ?? '', /line 1/);
    assert.match(parseEnvLines('1BAD=x').error ?? '', /not a variable name/);
    assert.match(parseEndpointLines('http://a/v1 99999').error ?? '', /weight/);
    assert.match(parseEndpointLines('not a url').error ?? '', /not a URL/);
  });
});

describe('editDeploymentPatch', () => {
  const current: EditableDeployment = {
    description: 'old',
    environment: 'production',
    minReplicas: 1,
    maxReplicas: 3,
    resources: { cpuCores: 4, memoryGb: 16, gpuCount: 0, gpuType: null },
    autoscaling: { enabled: true, targetCpuPercent: 70, targetMemoryPercent: 80, targetGpuPercent: null },
    loadBalancer: { strategy: 'least-connections', stickySessions: false },
    healthCheck: { path: '/health', intervalSeconds: 30 },
    env: { VLLM_LOGGING_LEVEL: 'INFO' },
  };

  it('sends nothing when nothing changed', () => {
    assert.deepEqual(editDeploymentPatch(reader({ ...valid, description: 'old' }), current).body, {});
  });

  it('sends only the changed fields', () => {
    const { body } = editDeploymentPatch(reader({ ...valid, description: 'new', maxReplicas: '6', memoryGb: '32' }), current);
    assert.deepEqual(body, { description: 'new', maxReplicas: 6, resources: { cpuCores: 4, memoryGb: 32, gpuCount: 0, gpuType: null } });
  });

  it('ignores name/model fields even when posted', () => {
    const { body } = editDeploymentPatch(reader({ ...valid, description: 'old', name: 'other', modelId: 'x' }), current);
    assert.deepEqual(body, {});
  });
});
