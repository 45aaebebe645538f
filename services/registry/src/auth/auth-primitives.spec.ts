import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { issueAccessToken, verifyAccessToken } from './access-token';
import { LoginThrottle } from './login-throttle';
import { DUMMY_PASSWORD_HASH, hashPassword, verifyPassword } from './password.hasher';

describe('access tokens', () => {
  const claims = { sub: 'u1', sid: 's1', iat: 100, exp: 200 };
  it('verifies its own tokens and rejects tampering, other secrets and expiry', () => {
    const token = issueAccessToken('secret-a', claims);
    assert.deepEqual(verifyAccessToken('secret-a', token, 150), { ok: true, claims });
    assert.deepEqual(verifyAccessToken('secret-b', token, 150), { ok: false, reason: 'signature' });
    assert.deepEqual(verifyAccessToken('secret-a', token, 200), { ok: false, reason: 'expired' });
    const [p, , s] = token.split('.');
    const forged = `${p}.${Buffer.from(JSON.stringify({ ...claims, sub: 'admin' })).toString('base64url')}.${s}`;
    assert.equal(verifyAccessToken('secret-a', forged, 150).ok, false);
    assert.deepEqual(verifyAccessToken('secret-a', 'garbage', 150), { ok: false, reason: 'malformed' });
    assert.deepEqual(verifyAccessToken('secret-a', 'sya.x.y.z', 150), { ok: false, reason: 'malformed' });
  });
});

describe('password hashing', () => {
  it('verifies the right password only', async () => {
    const hash = await hashPassword('correct horse');
    assert.ok(hash.startsWith('scrypt$'));
    assert.equal(await verifyPassword('correct horse', hash), true);
    assert.equal(await verifyPassword('wrong horse', hash), false);
    assert.equal(await verifyPassword('x', 'not-a-hash'), false);
    assert.equal(await verifyPassword('', DUMMY_PASSWORD_HASH), false);
  });
});

describe('LoginThrottle', () => {
  it('blocks an e-mail after repeated failures until the window passes, case-insensitively', () => {
    const t = new LoginThrottle(3, 1000);
    for (let i = 0; i < 3; i++) t.recordFailure('A@x.io', i);
    assert.ok(t.retryAfterMs('a@x.io', 10) > 0);
    assert.equal(t.retryAfterMs('other@x.io', 10), 0);
    assert.equal(t.retryAfterMs('a@x.io', 1001), 0);
    t.recordSuccess('a@X.io');
    assert.equal(t.retryAfterMs('a@x.io', 10), 0);
  });
});
