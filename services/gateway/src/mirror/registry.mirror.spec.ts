import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createEnvelope, REGISTRY_SNAPSHOT_SCHEMA_VERSION, type AnyEventEnvelope, type EventPayloads, type EventType, type RegistrySnapshot } from '@switchyard/contracts';
import { GatewayError } from '../errors/gateway.error';
import { authenticate, hashApiKey } from '../auth/api-key.authenticator';
import { callableRoutes, resolveRoute } from '../routing/route.resolver';
import { RegistryMirror } from './registry.mirror';

const KEY = 'sk-sy-secret-1';
const OTHER = 'sk-sy-secret-2';

function snapshot(): RegistrySnapshot {
  const key = (id: string, plain: string, extra = {}) => ({
    id, workspaceId: 'ws', userId: null, name: id, prefix: 'sk-sy', hash: hashApiKey(plain), allowedRoutes: [] as string[],
    rpmLimit: null, tpmLimit: null, monthlyBudget: null, expiresAt: null, revoked: false, ...extra,
  });
  const route = (id: string, name: string, extra = {}) => ({
    id, workspaceId: 'ws', name, enabled: true, targets: [{ kind: 'deployment' as const, deploymentId: 'd1', weight: 100 }],
    fallback: null, access: { allowedKeyIds: [] as string[], allowedWorkspaceIds: [] as string[] }, overflow: null, ...extra,
  });
  return {
    schemaVersion: REGISTRY_SNAPSHOT_SCHEMA_VERSION, version: 5, generatedAt: new Date().toISOString(),
    workspaces: [{ id: 'ws', name: 'W', slug: 'w', disabled: false, monthlyBudget: null, currency: 'USD', budgetAlertPercents: [] }],
    apiKeys: [key('k1', KEY), key('k2', OTHER, { allowedRoutes: ['a'] })],
    providers: [], models: [], prices: [], deployments: [],
    routes: [
      route('r1', 'a'),
      route('r2', 'b'),
      route('r3', 'private', { access: { allowedKeyIds: ['k2'], allowedWorkspaceIds: [] } }),
      route('r4', 'elsewhere', { workspaceId: 'ws-other' }),
      route('r5', 'shared', { workspaceId: 'ws-other', access: { allowedKeyIds: [], allowedWorkspaceIds: ['ws'] } }),
      route('r6', 'off', { enabled: false }),
    ],
  };
}

let v = 0;
const env = <T extends EventType>(type: T, data: EventPayloads[T], aggregateId = 'agg'): AnyEventEnvelope =>
  createEnvelope(type, data, { source: 'registry', workspaceId: 'ws', aggregateId, aggregateVersion: ++v }) as AnyEventEnvelope;

function status(fn: () => unknown): number {
  try {
    fn();
    return 200;
  } catch (e) {
    assert.ok(e instanceof GatewayError);
    return e.status;
  }
}

describe('RegistryMirror, auth and route resolution', () => {
  it('authenticates by key hash and resolves routes with access rules', () => {
    const m = new RegistryMirror();
    assert.equal(m.ready, false);
    m.applySnapshot(snapshot());
    assert.equal(m.ready, true);
    const now = Date.now();
    assert.equal(status(() => authenticate(undefined, m, now)), 401);
    assert.equal(status(() => authenticate('Basic abc', m, now)), 401);
    assert.equal(status(() => authenticate('Bearer nope', m, now)), 401);
    const k1 = authenticate(`Bearer ${KEY}`, m, now);
    const k2 = authenticate(`bearer ${OTHER}`, m, now);
    assert.equal(resolveRoute(m, k1, 'a').route.id, 'r1');
    assert.equal(status(() => resolveRoute(m, k1, 'missing')), 404);
    assert.equal(status(() => resolveRoute(m, k1, 'elsewhere')), 404, 'another workspace route is invisible');
    assert.equal(status(() => resolveRoute(m, k1, 'off')), 404);
    assert.equal(resolveRoute(m, k1, 'shared').route.id, 'r5');
    assert.equal(status(() => resolveRoute(m, k1, 'private')), 403, 'route restricted to other keys');
    assert.equal(status(() => resolveRoute(m, k2, 'b')), 403, 'key restricted to other routes');
    assert.deepEqual(callableRoutes(m, k1).map((e) => e.route.name), ['a', 'b', 'shared']);
    assert.deepEqual(callableRoutes(m, k2).map((e) => e.route.name), ['a']);
  });

  it('revokes at once and never resurrects a revoked key from an older snapshot', () => {
    const m = new RegistryMirror();
    m.applySnapshot(snapshot());
    m.applyEvent(env('ApiKeyRevoked', { apiKeyId: 'k1', workspaceId: 'ws', hash: hashApiKey(KEY), prefix: 'sk-sy', reason: 'leak' }, 'k1'));
    assert.equal(status(() => authenticate(`Bearer ${KEY}`, m, Date.now())), 401);
    m.applySnapshot(snapshot());
    assert.equal(status(() => authenticate(`Bearer ${KEY}`, m, Date.now())), 401);
  });

  it('refuses expired keys and keys of disabled workspaces', () => {
    const s = snapshot();
    s.apiKeys[0].expiresAt = new Date(Date.now() - 1000).toISOString();
    s.workspaces[0].disabled = true;
    const m = new RegistryMirror();
    m.applySnapshot(s);
    assert.equal(status(() => authenticate(`Bearer ${KEY}`, m, Date.now())), 401);
    assert.equal(status(() => authenticate(`Bearer ${OTHER}`, m, Date.now())), 403);
  });

  it('applies key, route, deployment and health events, dropping stale versions', () => {
    const m = new RegistryMirror();
    const changed: string[] = [];
    m.setListener({ deploymentChanged: (id) => changed.push(id), credentialsChanged: (id) => changed.push(`cred:${id}`) });
    m.applySnapshot(snapshot());
    const route = { ...snapshot().routes[0], id: 'r9', name: 'new' };
    assert.equal(m.applyEvent(env('RouteChanged', { routeId: 'r9', name: 'new', change: 'created', route }, 'r9')), true);
    assert.equal(m.routesNamed('new').length, 1);
    const stale = createEnvelope('RouteChanged', { routeId: 'r9', name: 'new', change: 'deleted' }, { source: 'registry', workspaceId: 'ws', aggregateId: 'r9', aggregateVersion: 1 });
    assert.equal(m.applyEvent(stale as AnyEventEnvelope), false);
    assert.equal(m.routesNamed('new').length, 1);
    m.applyEvent(env('RouteChanged', { routeId: 'r9', name: 'new', change: 'deleted' }, 'r9'));
    assert.equal(m.routesNamed('new').length, 0);
    m.applyEvent(env('InstanceUnhealthy', { instanceId: 'i1', deploymentId: 'd1', reason: 'x', consecutiveFailures: 3, detectedBy: 'active' }, 'i1'));
    assert.equal(m.healthOf('i1'), 'ejected');
    m.setHealth('i1', 'd1', 'healthy');
    assert.equal(m.healthOf('i1'), 'healthy');
    m.applyEvent(env('ProviderChanged', { providerId: 'p1', change: 'deleted', credentialsChanged: true }, 'p1'));
    assert.ok(changed.includes('d1') && changed.includes('cred:p1'));
  });

  it('flags budgets for the current period only', () => {
    const m = new RegistryMirror();
    m.applySnapshot(snapshot());
    const now = Date.parse('2026-11-15T00:00:00Z');
    const key = authenticate(`Bearer ${KEY}`, m, now);
    assert.equal(m.budgetExhausted(key, now), undefined);
    m.applyEvent(env('BudgetExceeded', { scope: 'workspace', workspaceId: 'ws', period: '2026-11', budget: '1', spent: '2', currency: 'USD' }, 'ws'));
    assert.equal(m.budgetExhausted(key, now), 'workspace');
    assert.equal(m.budgetExhausted(key, Date.parse('2026-12-01T00:00:00Z')), undefined);
    const m2 = new RegistryMirror();
    m2.applySnapshot(snapshot());
    m2.applyEvent(env('BudgetExceeded', { scope: 'api-key', workspaceId: 'ws', apiKeyId: 'k1', period: '2026-11', budget: '1', spent: '2', currency: 'USD' }, 'k1'));
    assert.equal(m2.budgetExhausted(key, now), 'api-key');
  });

  it('keeps the newer pool record', () => {
    const m = new RegistryMirror();
    const pool = (version: number) => ({ deploymentId: 'd1', workspaceId: 'ws', version, status: 'running' as const, members: [], updatedAt: '' });
    m.setPool('d1', pool(3));
    m.setPool('d1', pool(2));
    assert.equal(m.pool('d1')?.version, 3);
    m.setPool('d1', undefined);
    assert.equal(m.pool('d1'), undefined);
  });
});
