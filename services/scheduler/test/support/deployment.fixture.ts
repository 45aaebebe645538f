import { resolve } from 'node:path';
import { existsSync } from 'node:fs';
import type { DeploymentSnapshot } from '@switchyard/contracts';
import { loadConfig } from '@switchyard/config';
import { schedulerConfigSchema, REPO_ROOT, type SchedulerConfig } from '../../src/scheduler.config';

/** engine-sim when its CLI exists, else the stand-in script beside this file. */
export function engineCommand(): string {
  if (existsSync(resolve(REPO_ROOT, 'tools/engine-sim/src/main.ts')) && process.env.SCHEDULER_TEST_FAKE_ENGINE !== '1') {
    return 'node -r @swc-node/register tools/engine-sim/src/main.ts --port {port} --model {model}';
  }
  return `node ${resolve(__dirname, 'fake-engine.js')} --port {port} --model {model}`;
}

export function testConfig(env: Record<string, string>): SchedulerConfig {
  return loadConfig('scheduler', schedulerConfigSchema, {
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    ENGINE_COMMAND: engineCommand(),
    LEADER_TTL_MS: '1500',
    RECONCILE_INTERVAL_MS: '200',
    DRAIN_GRACE_MS: '100',
    DRAIN_TIMEOUT_MS: '5000',
    ENGINE_START_TIMEOUT_MS: '30000',
    RESTART_BACKOFF_MS: '200',
    ...env,
  });
}

export function deployment(id: string, extra: Partial<DeploymentSnapshot> = {}): DeploymentSnapshot {
  return {
    id,
    workspaceId: 'ws_test',
    name: id,
    description: '',
    status: 'running',
    model: 'sim-model',
    version: 'v1',
    environment: 'development',
    updateStrategy: 'rolling',
    loadBalancer: { strategy: 'round-robin', stickySessions: false, sessionHeader: null },
    healthCheck: { path: '/health', intervalSeconds: 5, timeoutSeconds: 2, failureThreshold: 3, successThreshold: 1 },
    runtime: { driver: 'process', settings: {} },
    replicas: 1,
    minReplicas: 1,
    maxReplicas: 4,
    autoscaling: { enabled: false, targetQueueDepth: null, scaleUpCooldownSeconds: 1, scaleDownCooldownSeconds: 1 },
    resources: { cpuCores: 1, memoryGb: 1, gpuCount: 0, gpuType: null, storageGb: 1, bandwidthMbps: 100 },
    endpoints: [],
    specRevision: 1,
    ...extra,
  };
}
