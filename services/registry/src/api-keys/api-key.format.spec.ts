import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { apiKeyStatus, generateApiKey } from './api-key.format';

describe('API keys', () => {
  it('are sk-sy- keys whose prefix is visible and whose sha256 is the stored hash', () => {
    const a = generateApiKey();
    const b = generateApiKey();
    assert.match(a.key, /^sk-sy-[A-Za-z0-9_-]{43}$/);
    assert.equal(a.prefix, a.key.slice(0, 14));
    assert.equal(a.hash, createHash('sha256').update(a.key).digest('hex'));
    assert.notEqual(a.key, b.key);
  });

  it('status: revoked, expired or active', () => {
    const now = new Date('2026-01-02T00:00:00Z');
    assert.equal(apiKeyStatus({ revokedAt: now, expiresAt: null }, now), 'revoked');
    assert.equal(apiKeyStatus({ revokedAt: null, expiresAt: new Date('2026-01-01T00:00:00Z') }, now), 'expired');
    assert.equal(apiKeyStatus({ revokedAt: null, expiresAt: null }, now), 'active');
  });
});
