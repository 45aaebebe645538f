import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createDeploymentSchema, envSchema, runtimeSchema, updateDeploymentSchema, updateModelSchema } from './deployment.schemas';

describe('deployment schemas', () => {
  it('create fills the documented defaults', () => {
    const v = createDeploymentSchema.parse({ name: 'a', modelId: 'm', modelVersion: 'v1', resources: { cpuCores: 1, memoryGb: 2 }, minReplicas: 1, maxReplicas: 2 });
    assert.equal(v.environment, 'development');
    assert.equal(v.resources.gpuCount, 0);
    assert.deepEqual(v.loadBalancer, { strategy: 'round-robin', stickySessions: false, sessionHeader: null, priority: 1 });
    assert.deepEqual(v.healthCheck, { path: '/health', intervalSeconds: 30, timeoutSeconds: 5, failureThreshold: 3, successThreshold: 1 });
    assert.deepEqual(v.updateStrategy, { strategy: 'rolling', parameters: {} });
    assert.deepEqual(v.runtime, { driver: 'static', settings: {} });
    assert.equal(v.createRoute, true);
  });
  it('PATCH applies no defaults (absent stays absent)', () => {
    assert.deepEqual(updateDeploymentSchema.parse({ healthCheck: { intervalSeconds: 5 } }), { healthCheck: { intervalSeconds: 5 } });
  });
  it('secrets stay out of env and runtime settings, engine knobs are fine', () => {
    for (const name of ['HF_TOKEN', 'AWS_SECRET_ACCESS_KEY', 'OPENAI_API_KEY', 'DB_PASSWORD', 'token']) {
      assert.equal(envSchema.safeParse({ [name]: 'x' }).success, false, name);
    }
    for (const name of ['MAX_NUM_BATCHED_TOKENS', 'VLLM_LOGGING_LEVEL', 'TOKENIZERS_PARALLELISM']) {
      assert.equal(envSchema.safeParse({ [name]: 'x' }).success, true, name);
    }
    for (const key of ['authToken', 'apiKey', 'password', 'hfToken', 'clientSecret']) {
      assert.equal(runtimeSchema.safeParse({ settings: { [key]: 'x' } }).success, false, key);
    }
    for (const key of ['maxTokens', 'maxNumBatchedTokens', 'image', 'command']) {
      assert.equal(runtimeSchema.safeParse({ settings: { [key]: 'x' } }).success, true, key);
    }
  });
  it('update-model validates the parameters of the chosen strategy', () => {
    assert.equal(updateModelSchema.safeParse({ modelVersion: 'v2', strategy: 'blue-green', parameters: { rollbackWindowMs: 1000 } }).success, true);
    assert.equal(updateModelSchema.safeParse({ modelVersion: 'v2', strategy: 'blue-green', parameters: { steps: [100] } }).success, false);
    assert.equal(updateModelSchema.safeParse({ modelVersion: 'v2', strategy: 'canary', parameters: { steps: [5, 5, 100] } }).success, false);
    assert.equal(updateModelSchema.safeParse({ modelVersion: 'has space' }).success, false);
  });
});
