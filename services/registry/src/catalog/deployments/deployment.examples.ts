// OpenAPI examples of the deployment endpoints (also the shapes the demo seeding uses).

export const createStaticDeploymentExample = {
  name: 'qwen-max',
  description: 'Qwen 2.5 72B on two vLLM boxes',
  modelId: 'qwen2.5-72b-instruct',
  modelVersion: 'v2.1.0',
  environment: 'production',
  resources: { cpuCores: 16, memoryGb: 128, gpuCount: 4, gpuType: 'NVIDIA A100', storageGb: 500, bandwidthMbps: 10000 },
  minReplicas: 1,
  maxReplicas: 4,
  autoscaling: { enabled: true, targetCpuPercent: 70, targetMemoryPercent: 80, targetQueueDepth: 8 },
  loadBalancer: { strategy: 'round-robin', stickySessions: false, priority: 1 },
  healthCheck: { path: '/health', intervalSeconds: 10, timeoutSeconds: 2, failureThreshold: 3, successThreshold: 1 },
  updateStrategy: { strategy: 'rolling', parameters: { maxSurge: 1, maxUnavailable: 0 } },
  runtime: { driver: 'static', settings: {} },
  env: { VLLM_LOGGING_LEVEL: 'INFO' },
  endpoints: [
    { url: 'http://10.0.0.5:8000/v1', weight: 100, priority: 'primary' },
    { url: 'http://10.0.0.6:8000/v1', weight: 100, priority: 'primary' },
  ],
  createRoute: true,
};

export const createProcessDeploymentExample = {
  name: 'llama-sim',
  modelId: 'llama-3.1-8b-instruct',
  modelVersion: 'v1',
  environment: 'development',
  resources: { cpuCores: 2, memoryGb: 4 },
  minReplicas: 1,
  maxReplicas: 3,
  replicas: 2,
  runtime: { driver: 'process', settings: { command: 'node', args: ['tools/engine-sim/src/main.ts'] } },
  createRoute: false,
};

export const deploymentAnswerExample = {
  id: '0b0c6f1e-7f55-4a53-9a61-1d9d3c0f2a10',
  workspaceId: '5f1c2a9e-3b7d-4c1a-9f0e-2d6b8a4c7e31',
  name: 'qwen-max',
  description: 'Qwen 2.5 72B on two vLLM boxes',
  modelId: 'qwen2.5-72b-instruct',
  modelVersion: 'v2.1.0',
  environment: 'production',
  status: 'pending',
  statusDetail: 'pending; connectivity test failed: 1 of 2 endpoint(s) unreachable',
  replicas: 2,
  minReplicas: 1,
  maxReplicas: 4,
  endpoints: [{ id: '9c1f…', url: 'http://10.0.0.5:8000/v1', weight: 100, priority: 'primary', enabled: true }],
  requiresRestart: false,
  connectivity: {
    ok: false,
    testedAt: '2026-11-23T12:00:00.000Z',
    reachable: 1,
    total: 2,
    summary: '1 of 2 endpoint(s) unreachable',
    endpoints: [
      { url: 'http://10.0.0.5:8000/v1', probedUrl: 'http://10.0.0.5:8000/v1/models', ok: true, status: 200, latencyMs: 4, error: null },
      { url: 'http://10.0.0.6:8000/v1', probedUrl: 'http://10.0.0.6:8000/v1/models', ok: false, status: null, latencyMs: null, error: 'connection refused' },
    ],
  },
  specRevision: 1,
  version: 1,
};

export const updateDeploymentExamples = {
  'edit description and bounds': { description: 'now with 6 replicas at most', minReplicas: 2, maxReplicas: 6 },
  'CPU/memory (flags requiresRestart)': { resources: { cpuCores: 32, memoryGb: 256 } },
  'health check and load balancer': {
    healthCheck: { path: '/healthz', intervalSeconds: 5 },
    loadBalancer: { strategy: 'least-connections', stickySessions: true, sessionHeader: 'x-session-id' },
  },
  'autoscaling thresholds': { autoscaling: { enabled: true, targetCpuPercent: 60, targetQueueDepth: 4 } },
  'environment variables': { env: { VLLM_LOGGING_LEVEL: 'DEBUG' } },
};

export const updateModelExamples = {
  rolling: { modelVersion: 'v2.2.0', strategy: 'rolling', parameters: { maxSurge: 1, maxUnavailable: 0 } },
  'blue-green': { modelVersion: 'v2.2.0', strategy: 'blue-green', parameters: { rollbackWindowMs: 300000 } },
  canary: { modelVersion: 'v2.2.0', strategy: 'canary', parameters: { steps: [5, 25, 50, 100], bakeMs: 60000, maxErrorRateIncrease: 0.05 } },
  'new model': { modelId: 'qwen3-72b-instruct', modelVersion: 'v1.0.0', strategy: 'blue-green' },
};
