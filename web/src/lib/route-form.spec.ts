import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { retargetBody, targetRef, targetShares } from './route-form';

const A = '11111111-1111-4111-8111-111111111111';
const B = '22222222-2222-4222-8222-222222222222';
const reader = (v: Record<string, string>) => (name: string) => v[name] ?? null;

describe('retargetBody', () => {
  it('keeps, reweights, removes and adds targets', () => {
    const { body, errors } = retargetBody(
      reader({ 't.0.ref': `deployment:${A}`, 't.0.weight': '90', 't.1.ref': `deployment:${B}`, 't.1.weight': '10', 't.1.remove': 'on', 'new.ref': `provider-model:${B}`, 'new.weight': '10' }),
      2,
    );
    assert.deepEqual(errors, {});
    assert.deepEqual(body, {
      targets: [
        { kind: 'deployment', deploymentId: A, weight: 90, priority: null },
        { kind: 'provider-model', providerModelId: B, weight: 10, priority: null },
      ],
    });
  });

  it('rejects bad weights, forged refs, duplicates and empty routes', () => {
    assert.ok(retargetBody(reader({ 't.0.ref': `deployment:${A}`, 't.0.weight': '-1' }), 1).errors['t.0.weight']);
    assert.ok(retargetBody(reader({ 't.0.ref': `deployment:${A}`, 't.0.weight': '1.5' }), 1).errors['t.0.weight']);
    assert.ok(retargetBody(reader({ 't.0.ref': 'deployment:../../etc', 't.0.weight': '1' }), 1).errors['t.0.ref']);
    assert.ok(retargetBody(reader({ 't.0.ref': `route:${A}`, 't.0.weight': '1' }), 1).errors['t.0.ref']);
    assert.ok(retargetBody(reader({ 't.0.ref': `deployment:${A}`, 't.0.weight': '1', 'new.ref': `deployment:${A}` }), 1).errors['new.ref']);
    assert.equal(retargetBody(reader({ 't.0.ref': `deployment:${A}`, 't.0.weight': '1', 't.0.remove': 'on' }), 1).errors.targets, 'a route needs at least one target');
    // A forged huge count is capped.
    assert.equal(Object.keys(retargetBody(reader({}), 1e9).errors).length, 50);
  });

  it('refs and shares', () => {
    assert.equal(targetRef({ kind: 'deployment', deploymentId: A }), `deployment:${A}`);
    assert.deepEqual(targetShares([{ weight: 2 }, { weight: 1 }, { weight: 1 }]), [50, 25, 25]);
  });
});
