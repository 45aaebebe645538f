import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MemberHashCache } from './member-hash.cache';
import { hashString } from './string-hash';

describe('MemberHashCache', () => {
  it('returns the seeded hash of an id, computed once', () => {
    const cache = new MemberHashCache(9);
    assert.equal(cache.get('instance-1'), hashString('instance-1', 9));
    assert.equal(cache.get('instance-1'), hashString('instance-1', 9));
  });

  it('stays bounded under instance churn and keeps answering correctly', () => {
    const cache = new MemberHashCache(0);
    for (let i = 0; i < 20_000; i++) assert.equal(cache.get(`id-${i}`), hashString(`id-${i}`));
  });
});
