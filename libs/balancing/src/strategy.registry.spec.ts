import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { STRATEGY_NAMES, type Candidate, type StrategyName } from './balancing.types';
import { createStrategy, isStrategyName } from './strategy.registry';
import { UnknownStrategyError } from './balancing.errors';

const pool: Candidate[] = [
  { id: 'a', weight: 1, priority: 'primary', inFlight: 0 },
  { id: 'b', weight: 2, priority: 'primary', inFlight: 1 },
  { id: 'z', weight: 1, priority: 'backup', inFlight: 0 },
];

describe('createStrategy', () => {
  for (const name of STRATEGY_NAMES) {
    it(`creates ${name}: named, independent instances, common contract`, () => {
      const s = createStrategy(name, { hashSeed: 7 });
      assert.equal(s.name, name);
      assert.notEqual(createStrategy(name), s);
      const ctx = { clientIp: '10.0.0.9', sessionKey: 'sess' };
      assert.match(s.pick(pool, ctx) ?? '', /^[ab]$/);
      assert.equal(s.pick([], ctx), undefined);
      assert.equal(s.pick(pool, { ...ctx, exclude: new Set(['a', 'b', 'z']) }), undefined);
      assert.equal(s.pick(pool, { ...ctx, exclude: new Set(['a', 'b']) }), 'z');
    });
  }

  it('rejects unknown names with a non-retryable error', () => {
    assert.throws(() => createStrategy('random' as StrategyName), (e: unknown) => e instanceof UnknownStrategyError && !e.retryable);
    assert.equal(isStrategyName('sticky'), true);
    assert.equal(isStrategyName('__proto__'), false);
    assert.equal(isStrategyName(42), false);
  });
});
