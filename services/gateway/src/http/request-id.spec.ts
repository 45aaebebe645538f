import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ledgerIdFor, pooledRequestId, requestIdFor } from './request-id';

describe('request ids', () => {
  it('mints 24 hex characters, all different', () => {
    const ids = new Set(Array.from({ length: 2_000 }, () => pooledRequestId()));
    assert.equal(ids.size, 2_000);
    for (const id of ids) assert.match(id, /^[0-9a-f]{24}$/);
  });

  it('echoes a sane client x-request-id and replaces an insane one', () => {
    assert.equal(requestIdFor('client-42'), 'client-42');
    assert.match(requestIdFor('bad id with spaces'), /^[0-9a-f]{24}$/);
    assert.match(requestIdFor(undefined), /^[0-9a-f]{24}$/);
  });

  it('never uses a client-chosen id as the ledger key (replaying one id must not make requests free)', () => {
    const a = ledgerIdFor(requestIdFor('same-id'), 'same-id');
    const b = ledgerIdFor(requestIdFor('same-id'), 'same-id');
    assert.notEqual(a, 'same-id');
    assert.notEqual(a, b);
    assert.match(ledgerIdFor('same-id', ['same-id', 'other']), /^[0-9a-f]{24}$/, 'a repeated header: the first value counts');
  });

  it('keeps the gateway-minted id as the ledger key, so x-request-id and the ledger agree', () => {
    const minted = requestIdFor(undefined);
    assert.equal(ledgerIdFor(minted, undefined), minted);
    const replaced = requestIdFor('bad id');
    assert.equal(ledgerIdFor(replaced, 'bad id'), replaced);
  });
});
