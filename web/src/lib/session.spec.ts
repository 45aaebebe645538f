import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ACCESS_COOKIE, EXPIRY_COOKIE, REFRESH_COOKIE, clearedCookies, needsRefresh, parseTokenPair, safeNextPath, sessionCookies, sessionFromTokens } from './session';

describe('session tokens and cookies', () => {
  const now = 1_700_000_000_000;

  it('parses a login answer and computes expiries', () => {
    const pair = parseTokenPair({ tokenType: 'Bearer', accessToken: 'sya.x.y', refreshToken: 'syr_abc', expiresIn: 900, refreshExpiresIn: 3600 });
    assert.ok(pair);
    const s = sessionFromTokens(pair, now);
    assert.equal(s.accessExpiresAt, now + 900_000);
    assert.equal(s.refreshExpiresAt, now + 3_600_000);
  });

  it('rejects answers without usable tokens (cookie injection, oversized, wrong types)', () => {
    assert.equal(parseTokenPair(null), null);
    assert.equal(parseTokenPair({ accessToken: 'a' }), null);
    assert.equal(parseTokenPair({ accessToken: 'a; Path=/evil', refreshToken: 'r' }), null);
    assert.equal(parseTokenPair({ accessToken: 'a'.repeat(5000), refreshToken: 'r' }), null);
    assert.equal(parseTokenPair({ accessToken: 1, refreshToken: 'r' }), null);
  });

  it('writes httpOnly SameSite=Strict cookies living as long as the refresh token', () => {
    const s = sessionFromTokens({ accessToken: 'a', refreshToken: 'r', expiresIn: 900, refreshExpiresIn: 3600 }, now);
    const writes = sessionCookies(s, now, true);
    assert.deepEqual(writes.map((w) => w.name), [ACCESS_COOKIE, REFRESH_COOKIE, EXPIRY_COOKIE]);
    for (const w of writes) {
      assert.equal(w.options.httpOnly, true);
      assert.equal(w.options.sameSite, 'strict');
      assert.equal(w.options.secure, true);
      assert.equal(w.options.maxAge, 3600);
    }
    assert.equal(writes[2].value, String(now + 900_000));
    assert.ok(clearedCookies(false).every((c) => c.value === '' && c.options.maxAge === 0));
  });

  it('refreshes ahead of expiry, when missing and when the expiry cookie is garbage', () => {
    assert.equal(needsRefresh('a', String(now + 10 * 60_000), now), false);
    assert.equal(needsRefresh('a', String(now + 30_000), now), true);
    assert.equal(needsRefresh(undefined, String(now + 10 * 60_000), now), true);
    assert.equal(needsRefresh('a', 'soon', now), true);
    assert.equal(needsRefresh('a', undefined, now), true);
  });

  it('follows only local paths after login', () => {
    assert.equal(safeNextPath('/w/1/deployments?x=1'), '/w/1/deployments?x=1');
    assert.equal(safeNextPath('https://evil.example'), '/workspaces');
    assert.equal(safeNextPath('//evil.example'), '/workspaces');
    assert.equal(safeNextPath('/\\evil.example'), '/workspaces');
    assert.equal(safeNextPath('/login?next=/x'), '/workspaces');
    assert.equal(safeNextPath(undefined), '/workspaces');
    assert.equal(safeNextPath('/a\nb'), '/workspaces');
  });
});
