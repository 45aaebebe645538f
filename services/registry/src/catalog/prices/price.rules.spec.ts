import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../../common/api.error';
import { createPriceSchema, priceInEffect, priceRates, priceSubject } from './price.rules';

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

describe('createPriceSchema: gpuHour', () => {
  it('a decimal string, kept as written', () => {
    assert.equal(createPriceSchema.parse({ deploymentId: ID, gpuHour: '2.40' }).gpuHour, '2.40');
    assert.equal(createPriceSchema.parse({ deploymentId: ID, gpuHour: '0' }).gpuHour, '0');
    assert.equal(createPriceSchema.parse({ deploymentId: ID, gpuHour: '999999999999.999999' }).gpuHour, '999999999999.999999');
  });
  it('rejects negatives, too many decimals, non-numbers, exponents, JSON numbers and null, naming gpuHour', () => {
    for (const bad of ['-1', '1.1234567', 'abc', '1e2', '', ' 1', '1.', '.5', '1234567890123', 5, 2.4, null, true]) {
      const r = createPriceSchema.safeParse({ deploymentId: ID, gpuHour: bad });
      assert.equal(r.success, false, JSON.stringify(bad));
      assert.deepEqual(r.error?.issues[0].path, ['gpuHour'], JSON.stringify(bad));
      assert.match(r.error?.issues[0].message ?? '', /non-negative decimal with at most 6 decimals, as a string/, JSON.stringify(bad));
    }
  });
});

describe('priceRates', () => {
  const dep = { field: 'deploymentId', id: ID } as const;
  const bad = (fn: () => unknown, field: string, rule: RegExp) =>
    assert.throws(fn, (e: unknown) => e instanceof ApiError && e.status === 400 && e.field === field && rule.test(e.message));

  it('token prices as given; the cached input price defaults to the input price; no GPU-hour cost by default', () => {
    assert.deepEqual(priceRates({ inputPerMTok: '2.5', outputPerMTok: '10' }, { field: 'modelId', id: ID }), {
      inputPerMTok: '2.5',
      cachedInputPerMTok: '2.5',
      outputPerMTok: '10',
      gpuHour: null,
    });
    assert.equal(priceRates({ inputPerMTok: '2.5', cachedInputPerMTok: '1', outputPerMTok: '10' }, dep).cachedInputPerMTok, '1');
  });
  it('without gpuHour the input and output prices stay required', () => {
    bad(() => priceRates({ outputPerMTok: '1' }, dep), 'inputPerMTok', /^inputPerMTok: is required/);
    bad(() => priceRates({ inputPerMTok: '1' }, dep), 'outputPerMTok', /^outputPerMTok: is required/);
    bad(() => priceRates({}, { field: 'modelId', id: ID }), 'inputPerMTok', /is required/);
  });
  it('a deployment with gpuHour only: token prices default to "0"; given ones are kept', () => {
    assert.deepEqual(priceRates({ gpuHour: '2.40' }, dep), { inputPerMTok: '0', cachedInputPerMTok: '0', outputPerMTok: '0', gpuHour: '2.40' });
    assert.deepEqual(priceRates({ gpuHour: '1', inputPerMTok: '0.1' }, dep), { inputPerMTok: '0.1', cachedInputPerMTok: '0.1', outputPerMTok: '0', gpuHour: '1' });
  });
  it('gpuHour on a model or provider-model price: 400 naming gpuHour and the rule (even with token prices)', () => {
    for (const field of ['modelId', 'providerModelId'] as const) {
      bad(() => priceRates({ gpuHour: '1' }, { field, id: ID }), 'gpuHour', /^gpuHour: only a deployment's price may have a GPU-hour cost/);
      bad(() => priceRates({ gpuHour: '1', inputPerMTok: '1', outputPerMTok: '1' }, { field, id: ID }), 'gpuHour', new RegExp(`not ${field}`));
    }
  });
});
