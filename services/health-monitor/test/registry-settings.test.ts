import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { REGISTRY_SNAPSHOT_SCHEMA_VERSION, encodeRegistrySnapshot, type DeploymentSnapshot, type RegistrySnapshot } from '@switchyard/contracts';
import { startEngineSim, type EngineSimHandle } from '@switchyard/engine-sim';
import { EventPublisher, NatsConnection, RequestClient } from '@switchyard/messaging';
import { createLogger } from '@switchyard/observability';
import { waitFor } from '@switchyard/testing';
import { CountingProxy } from './support/counting-proxy';
import { MonitorWorld, NATS_URL } from './support/monitor-harness';

const deployment = (id: string, healthCheck: DeploymentSnapshot['healthCheck']): DeploymentSnapshot => ({
  id,
  workspaceId: 'ws1',
  name: id,
  description: '',
  status: 'running',
  model: 'sim',
  version: 'v1',
  environment: 'development',
  updateStrategy: 'rolling',
  loadBalancer: { strategy: 'round-robin', stickySessions: false, sessionHeader: null },
  healthCheck,
  runtime: { driver: 'static', settings: {} },
  replicas: 1,
  minReplicas: 1,
  maxReplicas: 1,
  autoscaling: { enabled: false, scaleUpCooldownSeconds: 30, scaleDownCooldownSeconds: 300 },
  resources: { cpuCores: 1, memoryGb: 1, gpuCount: 0, gpuType: null, storageGb: 1, bandwidthMbps: 100 },
  endpoints: [],
  specRevision: 1,
});

describe('health-check settings from the registry snapshot (real NATS request/reply)', () => {
  const world = new MonitorWorld();
  const engines: EngineSimHandle[] = [];
  const proxies: CountingProxy[] = [];
  let registryConn: NatsConnection;
  let stopServing: () => Promise<void>;
  let requests = 0;

  before(async () => {
    await world.start();
    // The registry's side of the request, answered over real NATS.
    registryConn = await NatsConnection.connect({ url: NATS_URL, name: 'fake-registry', service: 'registry', namespace: world.namespace, logger: createLogger({ service: 'registry', level: 'silent' }) });
    const snapshot: RegistrySnapshot = {
      schemaVersion: REGISTRY_SNAPSHOT_SCHEMA_VERSION,
      version: 7,
      generatedAt: new Date().toISOString(),
      workspaces: [],
      apiKeys: [],
      providers: [],
      models: [],
      prices: [],
      routes: [],
      deployments: [
        deployment('dep-models', { path: '/v1/models', intervalSeconds: 1, timeoutSeconds: 1, failureThreshold: 2, successThreshold: 1 }),
        deployment('dep-chat', { path: '/v1/chat/completions', intervalSeconds: 1, timeoutSeconds: 1, failureThreshold: 1, successThreshold: 1 }),
      ],
    };
    stopServing = new RequestClient(registryConn, createLogger({ service: 'registry', level: 'silent' })).serve('RegistrySnapshot', async () => {
      requests++;
      return encodeRegistrySnapshot(snapshot);
    });
    await registryConn.nc().flush();
    for (let i = 0; i < 2; i++) {
      engines.push(await startEngineSim({ knobs: { model: 'sim' } }));
      proxies.push(await new CountingProxy(engines[i].url).start());
    }
    await world.writePool('dep-models', [{ instanceId: 'm0', url: proxies[0].url }]);
    await world.writePool('dep-chat', [{ instanceId: 'm1', url: proxies[1].url }]);
    await world.startMonitor({ PROBE_INTERVAL_MS: '5000' });
  });

  after(async () => {
    await world.close();
    await stopServing();
    await registryConn.close();
    await Promise.allSettled([...engines.map((e) => e.close()), ...proxies.map((p) => p.close())]);
  });

  it('probes the deployment\'s path on its interval (not the 5 s default) and uses its thresholds', async () => {
    await waitFor('snapshot requested', () => requests > 0);
    await world.waitForState('m0', 'healthy', 2_000);
    await waitFor('several probes', () => proxies[0].requests.length >= 3, { timeoutMs: 3_000 });
    assert.ok(proxies[0].requests.every((r) => r === 'GET /v1/models'), proxies[0].requests.join(','));
    // failureThreshold 2: two failed probes eject.
    await engines[0].control({ refuseConnections: true });
    const rec = await world.waitForState('m0', 'ejected', 3_500);
    assert.match(rec.reason ?? '', /^2 consecutive failed checks/);
    await engines[0].control({ refuseConnections: false });
    await world.waitForState('m0', 'healthy', 3_000);
  });

  it('follows a DeploymentUpdated event: the new health-check path is probed', async () => {
    const updated = deployment('dep-models', { path: '/health', intervalSeconds: 1, timeoutSeconds: 1, failureThreshold: 2, successThreshold: 1 });
    await new EventPublisher(registryConn).emit(
      'DeploymentUpdated',
      { deploymentId: 'dep-models', deployment: updated, changedFields: ['healthCheck'], restartRequired: false },
      { workspaceId: 'ws1', aggregateId: 'dep-models', aggregateVersion: 8 },
    );
    const seen = proxies[0].requests.length;
    await waitFor('a probe on /health', () => proxies[0].requests.slice(seen).includes('GET /health'), { timeoutMs: 3_000 });
  });

  it('sends a minimal completion request when the health check names the completions path', async () => {
    await world.waitForState('m1', 'healthy', 2_000);
    assert.ok(proxies[1].requests.length > 0 && proxies[1].requests.every((r) => r === 'POST /v1/chat/completions'), proxies[1].requests.join(','));
    await engines[1].control({ errorRate: 1, errorStatus: 503 });
    const rec = await world.waitForState('m1', 'ejected', 2_500);
    assert.match(rec.reason ?? '', /^1 consecutive failed checks: HTTP 503/);
  });
});
