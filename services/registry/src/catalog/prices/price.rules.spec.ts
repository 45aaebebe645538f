import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../../common/api.error';
import { createPriceSchema, priceInEffect, priceSubject } from './price.rules';

const ID = '11111111-1111-4111-8111-111111111111';

describe('priceSubject', () => {
  it('exactly one subject', () => {
    assert.deepEqual(priceSubject({ modelId: ID }), { field: 'modelId', id: ID });
    assert.deepEqual(priceSubject({ providerModelId: ID }), { field: 'providerModelId', id: ID });
    assert.deepEqual(priceSubject({ deploymentId: ID }), { field: 'deploymentId', id: ID });
    assert.throws(() => priceSubject({}), (e: unknown) => e instanceof ApiError && e.status === 400 && e.field === 'modelId');
    assert.throws(() => priceSubject({ modelId: ID, deploymentId: ID }), (e: unknown) => e instanceof ApiError && e.field === 'deploymentId');
  });
});

describe('priceInEffect', () => {
  const p = (id: string, from: string, created = from) => ({ id, effectiveFrom: new Date(from), createdAt: new Date(created) });
  const history = [p('jan', '2026-01-01'), p('jun', '2026-06-01'), p('dec', '2026-12-01')];
  it('the latest effectiveFrom at or before the time', () => {
    assert.equal(priceInEffect(history, new Date('2026-03-01'))?.id, 'jan');
    assert.equal(priceInEffect(history, new Date('2026-06-01'))?.id, 'jun');
    assert.equal(priceInEffect(history, new Date('2027-01-01'))?.id, 'dec');
  });
  it('none before the first', () => assert.equal(priceInEffect(history, new Date('2025-01-01')), null));
  it('order of input does not matter; ties go to the latest created', () => {
    assert.equal(priceInEffect([...history].reverse(), new Date('2026-07-01'))?.id, 'jun');
    const tie = [p('a', '2026-01-01', '2026-01-01T00:00:00Z'), p('b', '2026-01-01', '2026-01-02T00:00:00Z')];
    assert.equal(priceInEffect(tie, new Date('2026-02-01'))?.id, 'b');
  });
});

describe('createPriceSchema', () => {
  it('decimals stay strings as written; numbers become strings', () => {
    const v = createPriceSchema.parse({ modelId: ID, inputPerMTok: '0.150000', outputPerMTok: 0.6 });
    assert.equal(v.inputPerMTok, '0.150000');
    assert.equal(v.outputPerMTok, '0.6');
    assert.equal(v.currency, 'USD');
  });
  it('rejects negatives, exponents, too many decimals, lower-case currency, bad times, unknown fields', () => {
    for (const bad of [
      { inputPerMTok: '-1' },
      { inputPerMTok: '1e2' },
      { inputPerMTok: '0.1234567' },
      { inputPerMTok: 'NaN' },
      { currency: 'usd' },
      { effectiveFrom: '2026-13-01' },
      { extra: true },
    ]) {
      assert.equal(createPriceSchema.safeParse({ modelId: ID, inputPerMTok: '1', outputPerMTok: '1', ...bad }).success, false, JSON.stringify(bad));
    }
  });
});
