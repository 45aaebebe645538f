import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { redactForAudit } from './audit-redaction';

describe('redactForAudit', () => {
  it('replaces secret-looking keys at any depth and keeps the rest', () => {
    const out = redactForAudit({
      name: 'p',
      secret: 'sk-123',
      keys: [{ apiKey: 'x', wrappedKey: 'w', keyHash: 'h', description: 'main', passwordHash: 'ph' }],
      nested: { refreshToken: 't', id: 7n, at: new Date('2026-01-01T00:00:00Z') },
    });
    assert.deepEqual(out, {
      name: 'p',
      secret: '[redacted]',
      keys: [{ apiKey: '[redacted]', wrappedKey: '[redacted]', keyHash: '[redacted]', description: 'main', passwordHash: '[redacted]' }],
      nested: { refreshToken: '[redacted]', id: '7', at: '2026-01-01T00:00:00.000Z' },
    });
  });

  it('maps undefined to null and leaves primitives alone', () => {
    assert.equal(redactForAudit(undefined), null);
    assert.equal(redactForAudit('<script>'), '<script>');
  });
});
