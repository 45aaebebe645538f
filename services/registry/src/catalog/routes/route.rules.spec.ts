import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { RouteTargetSnapshot } from '@switchyard/contracts';
import { ApiError } from '../../common/api.error';
import { checkTargetShape, referencedIds, resolveTargets, routeAfterRemoval, targetKey, trafficShares, type KnownTargets } from './route.rules';
import type { TargetInput } from './route.schemas';

const D1 = '11111111-1111-4111-8111-111111111111';
const D2 = '22222222-2222-4222-8222-222222222222';
const PM = '33333333-3333-4333-8333-333333333333';
const P = '44444444-4444-4444-8444-444444444444';
const dep = (id: string, weight = 100): TargetInput => ({ kind: 'deployment', deploymentId: id, weight, priority: null });
const pm = (id: string, weight = 100): TargetInput => ({ kind: 'provider-model', providerModelId: id, weight, priority: null });
const known: KnownTargets = { deploymentIds: new Set([D1, D2]), providerModels: new Map([[PM, P]]) };

function fails(fn: () => unknown, status: number, field: string): void {
  assert.throws(fn, (e: unknown) => e instanceof ApiError && e.status === status && e.field === field);
}

describe('checkTargetShape', () => {
  it('accepts distinct targets and a separate fallback', () => assert.doesNotThrow(() => checkTargetShape([dep(D1), pm(PM)], { kind: 'deployment', deploymentId: D2, priority: null })));
  it('duplicates name the second', () => fails(() => checkTargetShape([dep(D1), pm(PM), dep(D1, 5)], null), 400, 'targets.2'));
  it('the fallback is not also weighted', () => {
    fails(() => checkTargetShape([dep(D1)], { kind: 'deployment', deploymentId: D1, priority: null }), 400, 'fallback');
    fails(() => checkTargetShape([pm(PM)], { kind: 'provider-model', providerModelId: PM, priority: null }), 400, 'fallback');
  });
  it('a deployment and a provider model with the same id are different targets', () => assert.doesNotThrow(() => checkTargetShape([dep(D1), pm(D1)], null)));
  it('weights must not all be zero', () => {
    fails(() => checkTargetShape([dep(D1, 0), dep(D2, 0)], null), 400, 'targets');
    assert.doesNotThrow(() => checkTargetShape([dep(D1, 0), dep(D2, 1)], null));
  });
});

describe('resolveTargets', () => {
  it('fills the provider of provider models and keeps weights', () => {
    const r = resolveTargets([dep(D1, 100), pm(PM, 200)], { kind: 'deployment', deploymentId: D2, priority: 2 }, known);
    assert.deepEqual(r.targets, [
      { kind: 'deployment', deploymentId: D1, providerId: null, providerModelId: null, priority: null, weight: 100 },
      { kind: 'provider-model', deploymentId: null, providerId: P, providerModelId: PM, priority: null, weight: 200 },
    ]);
    assert.deepEqual(r.fallback, { kind: 'deployment', deploymentId: D2, providerId: null, providerModelId: null, priority: 2 });
  });
  it('unknown references are 422 naming the field', () => {
    fails(() => resolveTargets([dep('55555555-5555-4555-8555-555555555555')], null, known), 422, 'targets.0.deploymentId');
    fails(() => resolveTargets([dep(D1), pm(D1)], null, known), 422, 'targets.1.providerModelId');
    fails(() => resolveTargets([dep(D1)], { kind: 'provider-model', providerModelId: D2, priority: null }, known), 422, 'fallback.providerModelId');
  });
  it('a given providerId must match', () => {
    fails(() => resolveTargets([{ kind: 'provider-model', providerModelId: PM, providerId: D1, weight: 1, priority: null }], null, known), 422, 'targets.0.providerId');
    assert.doesNotThrow(() => resolveTargets([{ kind: 'provider-model', providerModelId: PM, providerId: P, weight: 1, priority: null }], null, known));
  });
});

describe('helpers', () => {
  it('referencedIds deduplicates per kind', () => {
    assert.deepEqual(referencedIds([dep(D1), dep(D1), pm(PM), { kind: 'deployment', deploymentId: D2, priority: null }]), { deploymentIds: [D1, D2], providerModelIds: [PM] });
  });
  it('targetKey', () => {
    assert.equal(targetKey({ kind: 'deployment', deploymentId: D1, providerModelId: null }), `deployment:${D1}`);
    assert.equal(targetKey({ kind: 'provider-model', deploymentId: null, providerModelId: PM }), `provider-model:${PM}`);
  });
  it('trafficShares: 100 and 200 give 33.33 and 66.67', () => {
    assert.deepEqual(trafficShares([{ weight: 100 }, { weight: 200 }]), [33.33, 66.67]);
    assert.deepEqual(trafficShares([{ weight: 100 }]), [100]);
    assert.deepEqual(trafficShares([{ weight: 0 }, { weight: 0 }]), [0, 0]);
    assert.deepEqual(trafficShares([]), []);
  });
});

describe('routeAfterRemoval', () => {
  const t = (id: string, kind: 'deployment' | 'provider-model' = 'deployment'): RouteTargetSnapshot => ({
    kind,
    deploymentId: kind === 'deployment' ? id : null,
    providerId: null,
    providerModelId: kind === 'provider-model' ? id : null,
    weight: 100,
    priority: null,
  });
  const ref = (id: string, name?: string) => ({ kind: 'deployment' as const, deploymentId: id, providerModelId: null, name });
  it('untouched routes are kept', () => assert.deepEqual(routeAfterRemoval({ name: 'r', targets: [t(D2)], fallback: null }, ref(D1)), { action: 'keep' }));
  it('the target goes, the rest stays', () => {
    assert.deepEqual(routeAfterRemoval({ name: 'r', targets: [t(D1), t(D2)], fallback: null }, ref(D1)), { action: 'update', targets: [t(D2)], fallback: null });
  });
  it('a matching fallback goes', () => {
    const { weight: _w, ...fb } = t(D1);
    assert.deepEqual(routeAfterRemoval({ name: 'r', targets: [t(D2)], fallback: fb }, ref(D1)), { action: 'update', targets: [t(D2)], fallback: null });
  });
  it("the object's own same-name route with nothing left is deleted", () => {
    assert.deepEqual(routeAfterRemoval({ name: 'qwen', targets: [t(D1)], fallback: null }, ref(D1, 'qwen')), { action: 'delete' });
  });
  it('another route left empty is kept (empty)', () => {
    assert.deepEqual(routeAfterRemoval({ name: 'alias', targets: [t(D1)], fallback: null }, ref(D1, 'qwen')), { action: 'update', targets: [], fallback: null });
  });
  it('provider models by kind', () => {
    const r = routeAfterRemoval({ name: 'r', targets: [t(PM, 'provider-model'), t(PM)], fallback: null }, { kind: 'provider-model', deploymentId: null, providerModelId: PM });
    assert.deepEqual(r, { action: 'update', targets: [t(PM)], fallback: null });
  });
});
