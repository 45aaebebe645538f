import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { REGISTRY_SNAPSHOT_SCHEMA_VERSION, type DeploymentSnapshot, type RouteSnapshot } from '@switchyard/contracts';
import { createLogger } from '@switchyard/observability';
import type { PoolMemberRecord } from '@switchyard/pool-state';
import { createProviderRegistry } from '../providers';
import { RegistryMirror } from '../mirror/registry.mirror';
import { DeploymentBalancer, healthWeightFactor, strategyNameFor } from './deployment.balancer';
import { InFlightTracker } from './in-flight.tracker';
import { ProviderCredentialsStore } from './provider-credentials.store';
import { instanceBaseUrl, TargetResolver } from './target.resolver';

const logger = createLogger({ service: 'spec', level: 'silent' });

function deployment(id: string, extra: Partial<DeploymentSnapshot> = {}): DeploymentSnapshot {
  return {
    id, workspaceId: 'ws', name: `name-${id}`, description: '', status: 'running', model: `model-${id}`, version: 'v1', environment: 'development',
    updateStrategy: 'rolling', loadBalancer: { strategy: 'round-robin', stickySessions: false, sessionHeader: null },
    healthCheck: { path: '/health', intervalSeconds: 5, timeoutSeconds: 1, failureThreshold: 3, successThreshold: 1 },
    runtime: { driver: 'static', settings: {} }, replicas: 1, minReplicas: 1, maxReplicas: 1,
    autoscaling: { enabled: false, scaleUpCooldownSeconds: 1, scaleDownCooldownSeconds: 1 },
    resources: { cpuCores: 1, memoryGb: 1, gpuCount: 0, storageGb: 1, bandwidthMbps: 1 }, endpoints: [], specRevision: 1, ...extra,
  };
}

const m = (id: string, extra: Partial<PoolMemberRecord> = {}): PoolMemberRecord => ({
  instanceId: id, url: `http://127.0.0.1:1/${id}`, weight: 100, priority: 'primary', revision: 1, state: 'active', ...extra,
});

function world(routes: RouteSnapshot[], deployments: DeploymentSnapshot[]) {
  const mirror = new RegistryMirror();
  mirror.applySnapshot({
    schemaVersion: REGISTRY_SNAPSHOT_SCHEMA_VERSION, version: 1, generatedAt: '', workspaces: [], apiKeys: [], models: [], prices: [],
    deployments, routes,
    providers: [{
      id: 'p1', workspaceId: 'ws', name: 'openai-main', vendor: 'openai', baseUrl: 'https://api.example/v1', enabled: true,
      keys: [{ id: 'pk1', description: '', weight: 1, maskedSecret: 'sk-..', enabled: true }],
      models: [{ id: 'pm1', name: 'gpt', upstreamName: 'gpt-4o-mini' }],
    }],
  });
  const inFlight = new InFlightTracker();
  const balancer = new DeploymentBalancer(mirror, inFlight, { degradedWeightFactor: 0.25, random: () => 0.5 });
  mirror.setListener({ deploymentChanged: (id) => balancer.invalidate(id) });
  const creds = new ProviderCredentialsStore(
    { fetchCredentials: async (providerId) => ({ providerId, keys: [{ id: 'pk1', secret: 'sk-test', weight: 1, enabled: true }] }) },
    { ttlMs: 60_000, cooldownMs: 1_000 },
    logger,
  );
  const resolver = new TargetResolver(mirror, balancer, creds, createProviderRegistry());
  return { mirror, balancer, resolver, inFlight, creds };
}

const route = (targets: RouteSnapshot['targets'], extra: Partial<RouteSnapshot> = {}): RouteSnapshot => ({
  id: 'r1', workspaceId: 'ws', name: 'chat', enabled: true, targets, fallback: null, access: { allowedKeyIds: [], allowedWorkspaceIds: [] }, ...extra,
});

describe('route target plans', () => {
  it('splits weights 100/200 into 1/3 and 2/3 within 1% over 30,000 requests', () => {
    const w = world([route([{ kind: 'deployment', deploymentId: 'a', weight: 100 }, { kind: 'provider-model', providerId: 'p1', providerModelId: 'pm1', weight: 200 }])], [deployment('a')]);
    w.mirror.setPool('a', { deploymentId: 'a', workspaceId: 'ws', version: 1, status: 'running', members: [m('i1')], updatedAt: '' });
    const entry = w.mirror.routesNamed('chat')[0];
    const counts = new Map<string, number>();
    for (let i = 0; i < 30_000; i++) {
      const first = w.resolver.plan(entry)[0];
      counts.set(first, (counts.get(first) ?? 0) + 1);
    }
    const a = (counts.get('deployment:a') ?? 0) / 30_000;
    const p = (counts.get('provider-model:p1/pm1') ?? 0) / 30_000;
    assert.ok(Math.abs(a - 1 / 3) < 0.01, `deployment share ${a}`);
    assert.ok(Math.abs(p - 2 / 3) < 0.01, `provider share ${p}`);
  });

  it('fails over by priority, uses the fallback only when nothing else serves, and says why none can', () => {
    const w = world(
      [route([{ kind: 'deployment', deploymentId: 'a', weight: 100, priority: 1 }, { kind: 'deployment', deploymentId: 'b', weight: 100, priority: 2 }], {
        fallback: { kind: 'provider-model', providerId: 'p1', providerModelId: 'pm1' },
      })],
      [deployment('a'), deployment('b')],
    );
    const entry = w.mirror.routesNamed('chat')[0];
    w.mirror.setPool('a', { deploymentId: 'a', workspaceId: 'ws', version: 1, status: 'running', members: [m('a1')], updatedAt: '' });
    w.mirror.setPool('b', { deploymentId: 'b', workspaceId: 'ws', version: 1, status: 'running', members: [m('b1')], updatedAt: '' });
    assert.deepEqual(w.resolver.plan(entry), ['deployment:a', 'deployment:b', 'provider-model:p1/pm1']);
    w.mirror.setHealth('a1', 'a', 'ejected');
    assert.deepEqual(w.resolver.plan(entry), ['deployment:b', 'provider-model:p1/pm1']);
    w.mirror.setHealth('b1', 'b', 'ejected');
    assert.deepEqual(w.resolver.plan(entry), ['provider-model:p1/pm1']);
    w.creds.cooldown('pk1');
    // credentials not fetched yet: optimistic; once fetched and cooled down, the provider cannot serve
    assert.equal(w.resolver.unavailableReason(entry).message, 'no healthy instance for deployment name-a');
  });

  it('names a stopped deployment', () => {
    const w = world([route([{ kind: 'deployment', deploymentId: 'a', weight: 100 }])], [deployment('a', { status: 'stopped' })]);
    const entry = w.mirror.routesNamed('chat')[0];
    assert.deepEqual(w.resolver.plan(entry), []);
    const e = w.resolver.unavailableReason(entry);
    assert.equal(e.status, 503);
    assert.equal(e.message, 'deployment name-a is stopped');
  });

  it('resolves a provider target with a fetched credential and the upstream model', async () => {
    const w = world([route([{ kind: 'provider-model', providerId: 'p1', providerModelId: 'pm1', weight: 1 }])], []);
    const t = await w.resolver.resolve('provider-model:p1/pm1', { exclude: new Set() });
    assert.equal(t?.kind, 'provider');
    assert.equal(t?.credential.secret, 'sk-test');
    assert.equal(t?.target.upstreamModel, 'gpt-4o-mini');
    assert.equal(t?.instanceId, 'provider:p1:pk1');
    assert.equal(await w.resolver.resolve('provider-model:p1/pm1', { exclude: new Set(['provider:p1:pk1']) }), undefined);
    w.creds.cooldown('pk1');
    assert.equal(w.resolver.available('provider-model:p1/pm1'), false);
  });
});

describe('deployment balancing', () => {
  it('filters by health, reduces degraded weight, skips draining members and falls back to backups', () => {
    const w = world([], [deployment('a', { loadBalancer: { strategy: 'weighted-round-robin', stickySessions: false, sessionHeader: null } })]);
    w.mirror.setPool('a', {
      deploymentId: 'a', workspaceId: 'ws', version: 1, status: 'running', updatedAt: '',
      members: [m('h'), m('d'), m('e'), m('s', { state: 'draining' }), m('b', { priority: 'backup' })],
    });
    w.mirror.setHealth('h', 'a', 'healthy');
    w.mirror.setHealth('d', 'a', 'degraded');
    w.mirror.setHealth('e', 'a', 'ejected');
    const counts = new Map<string, number>();
    for (let i = 0; i < 500; i++) {
      const id = w.balancer.pick('a', {})?.instanceId ?? 'none';
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    assert.equal(counts.get('h'), 400);
    assert.equal(counts.get('d'), 100);
    assert.equal(counts.get('e'), undefined);
    assert.equal(counts.get('s'), undefined);
    assert.equal(counts.get('b'), undefined);
    w.mirror.setHealth('h', 'a', 'ejected');
    w.mirror.setHealth('d', 'a', 'ejected');
    assert.equal(w.balancer.pick('a', {})?.instanceId, 'b');
    assert.equal(w.balancer.availability('a'), 'ok');
    w.mirror.setHealth('b', 'a', 'stopped');
    assert.equal(w.balancer.availability('a'), 'no-healthy');
    assert.equal(w.balancer.pick('a', {}), undefined);
  });

  it('excludes instances already tried', () => {
    const w = world([], [deployment('a')]);
    w.mirror.setPool('a', { deploymentId: 'a', workspaceId: 'ws', version: 1, status: 'running', updatedAt: '', members: [m('x'), m('y')] });
    for (let i = 0; i < 10; i++) assert.equal(w.balancer.pick('a', { exclude: new Set(['x']) })?.instanceId, 'y');
    assert.equal(w.balancer.pick('a', { exclude: new Set(['x', 'y']) }), undefined);
  });

  it('uses the snapshot endpoints when no pool was written, and a stopped pool stops the deployment', () => {
    const w = world([], [deployment('a', { endpoints: [{ id: 'ep1', url: 'http://h:1/v1', weight: 1, priority: 'primary', enabled: true }] })]);
    assert.equal(w.balancer.pick('a', {})?.url, 'http://h:1/v1');
    w.mirror.setPool('a', { deploymentId: 'a', workspaceId: 'ws', version: 1, status: 'stopped', updatedAt: '', members: [m('x')] });
    assert.equal(w.balancer.availability('a'), 'stopped');
  });

  it('splits by revision during a canary', () => {
    const w = world([], [deployment('a')]);
    let r = 0;
    const balancer = new DeploymentBalancer(w.mirror, w.inFlight, { degradedWeightFactor: 0.25, random: () => (r = (r + 0.1) % 1) });
    w.mirror.setPool('a', {
      deploymentId: 'a', workspaceId: 'ws', version: 1, status: 'running', updatedAt: '', trafficSplit: { '1': 0.9, '2': 0.1 },
      members: [m('old1'), m('old2'), m('new', { revision: 2 })],
    });
    let toNew = 0;
    for (let i = 0; i < 1000; i++) if (balancer.pick('a', {})?.instanceId === 'new') toNew++;
    assert.ok(toNew >= 80 && toNew <= 120, `new revision got ${toNew}`);
  });

  it('maps configuration to strategies and health to weights', () => {
    assert.equal(strategyNameFor(undefined), 'round-robin');
    assert.equal(strategyNameFor(deployment('a', { loadBalancer: { strategy: 'failover', stickySessions: false } })), 'failover-priority');
    assert.equal(strategyNameFor(deployment('a', { loadBalancer: { strategy: 'least-connections', stickySessions: true } })), 'sticky');
    assert.equal(healthWeightFactor(undefined, 0.25), 1);
    assert.equal(healthWeightFactor('degraded', 0.25), 0.25);
    assert.equal(healthWeightFactor('starting', 0.25), 1);
    assert.equal(healthWeightFactor('ejected', 0.25), 0);
    assert.equal(healthWeightFactor('draining', 0.25), 0);
    assert.equal(instanceBaseUrl('http://h:1'), 'http://h:1/v1');
    assert.equal(instanceBaseUrl('http://h:1/v1/'), 'http://h:1/v1');
  });
});

describe('local outlier detection', () => {
  it('keeps a suspected instance out until it expires, but never empties the pool', () => {
    const w = world([], [deployment('a')]);
    w.mirror.setPool('a', { deploymentId: 'a', workspaceId: 'ws', version: 1, status: 'running', updatedAt: '', members: [m('x'), m('y')] });
    w.balancer.suspect('a', 'x', 60_000);
    for (let i = 0; i < 6; i++) assert.equal(w.balancer.pick('a', {})?.instanceId, 'y');
    w.balancer.suspect('a', 'y', 60_000);
    const picked = new Set(Array.from({ length: 6 }, () => w.balancer.pick('a', {})?.instanceId));
    assert.deepEqual([...picked].sort(), ['x', 'y']);
    w.balancer.suspect('a', 'x', -1);
    w.balancer.suspect('a', 'y', -1);
    assert.equal(w.balancer.availability('a'), 'ok');
  });
});

describe('error-code metric labels', () => {
  it('keep the gateway codes and fold anything an upstream invents into its status class', async () => {
    const { boundedCode } = await import('../metrics/gateway.metrics');
    assert.equal(boundedCode('deployment_stopped', 503), 'deployment_stopped');
    assert.equal(boundedCode('tenant-chosen-code-8f2a', 502), 'http_5xx');
    assert.equal(boundedCode(undefined, 429), 'http_4xx');
  });
});
