import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { issueAccessToken } from '../src/auth/access-token';
import { startRegistry, type RegistryHarness } from './support/registry-harness';

const tokenSecret = randomBytes(24).toString('hex');

function claimsOf(token: string): { sub: string; sid: string; iat: number; exp: number } {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
}

describe('auth: login, refresh, logout, tokens', () => {
  let h: RegistryHarness;
  let wsId: string;
  before(async () => {
    h = await startRegistry({ env: { SWITCHYARD_TOKEN_SECRET: tokenSecret } });
    wsId = (await h.createWorkspace('auth-ws')).id;
    await h.createUser({ email: 'ana@example.com', password: 'ana-password-1', workspaceId: wsId, role: 'member' });
  });
  after(async () => {
    await h?.close();
  });

  it('the bootstrapped platform admin logs in and sees itself', async () => {
    const me = await h.api('GET', '/api/v1/me', { token: h.adminToken });
    assert.equal(me.status, 200);
    assert.equal(me.body.email, h.adminEmail);
    assert.equal(me.body.platformAdmin, true);
    const admin = await h.db.user.findUniqueOrThrow({ where: { email: h.adminEmail } });
    assert.ok(!admin.passwordHash.includes(h.adminPassword));
  });

  it('login answers a token pair; e-mail is case-insensitive', async () => {
    const res = await h.api('POST', '/api/v1/auth/login', { body: { email: 'ANA@example.com', password: 'ana-password-1' } });
    assert.equal(res.status, 200);
    assert.equal(res.body.tokenType, 'Bearer');
    assert.match(res.body.accessToken, /^sya\./);
    assert.match(res.body.refreshToken, /^syr_/);
    assert.equal(res.body.expiresIn, 900);
    const me = await h.api('GET', '/api/v1/me', { token: res.body.accessToken });
    assert.equal(me.status, 200);
    assert.deepEqual(me.body.memberships, [{ workspaceId: wsId, workspaceName: 'auth-ws', role: 'member' }]);
    const stored = await h.db.refreshToken.findMany({ where: { userId: me.body.id } });
    assert.ok(stored.every((r) => r.tokenHash !== res.body.refreshToken && /^[0-9a-f]{64}$/.test(r.tokenHash)));
  });

  it('a wrong password and an unknown e-mail get the same 401', async () => {
    const wrong = await h.api('POST', '/api/v1/auth/login', { body: { email: 'ana@example.com', password: 'nope-nope' } });
    const unknown = await h.api('POST', '/api/v1/auth/login', { body: { email: 'nobody@example.com', password: 'nope-nope' } });
    assert.equal(wrong.status, 401);
    assert.equal(unknown.status, 401);
    assert.deepEqual(wrong.body, unknown.body);
    assert.equal(wrong.body.error.code, 'unauthorized');
  });

  it('bad login bodies are 400 naming the field', async () => {
    const cases: Array<[unknown, string]> = [
      [{ email: 'ana@example.com' }, 'password'],
      [{ email: 'not-an-email', password: 'x' }, 'email'],
      [{ email: 'ana@example.com', password: 'x', admin: true }, 'admin'],
      [{ email: 42, password: 'x' }, 'email'],
    ];
    for (const [body, field] of cases) {
      const res = await h.api('POST', '/api/v1/auth/login', { body });
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(res.body.error.field, field);
    }
    const malformed = await h.api('POST', '/api/v1/auth/login', { body: '{"email": "a@b.c", ' });
    assert.equal(malformed.status, 400);
    assert.equal(malformed.body.error.code, 'invalid_request');
  });

  it('repeated failures for one e-mail are throttled (429), other e-mails are not', async () => {
    await h.createUser({ email: 'victim@example.com', password: 'victim-password', workspaceId: wsId });
    for (let i = 0; i < 5; i++) {
      const res = await h.api('POST', '/api/v1/auth/login', { body: { email: 'victim@example.com', password: `guess-${i}` } });
      assert.equal(res.status, 401);
    }
    const blocked = await h.api('POST', '/api/v1/auth/login', { body: { email: 'victim@example.com', password: 'victim-password' } });
    assert.equal(blocked.status, 429);
    assert.equal(blocked.body.error.code, 'too_many_attempts');
    const other = await h.api('POST', '/api/v1/auth/login', { body: { email: 'ana@example.com', password: 'ana-password-1' } });
    assert.equal(other.status, 200);
  });

  it('refresh rotates the refresh token; reusing the old one ends every session', async () => {
    const login = await h.api('POST', '/api/v1/auth/login', { body: { email: 'ana@example.com', password: 'ana-password-1' } });
    const first = login.body.refreshToken as string;
    const refreshed = await h.api('POST', '/api/v1/auth/refresh', { body: { refreshToken: first } });
    assert.equal(refreshed.status, 200);
    assert.notEqual(refreshed.body.refreshToken, first);
    assert.equal((await h.api('GET', '/api/v1/me', { token: refreshed.body.accessToken })).status, 200);

    const reuse = await h.api('POST', '/api/v1/auth/refresh', { body: { refreshToken: first } });
    assert.equal(reuse.status, 401);
    // the theft signal revoked the rotated session too
    assert.equal((await h.api('POST', '/api/v1/auth/refresh', { body: { refreshToken: refreshed.body.refreshToken } })).status, 401);
    assert.equal((await h.api('GET', '/api/v1/me', { token: refreshed.body.accessToken })).status, 401);
    assert.equal((await h.api('POST', '/api/v1/auth/refresh', { body: { refreshToken: 'syr_garbage' } })).status, 401);
    assert.equal((await h.api('POST', '/api/v1/auth/refresh', { body: {} })).status, 400);
  });

  it('logout revokes the session: its refresh token and access token stop working', async () => {
    const login = await h.api('POST', '/api/v1/auth/login', { body: { email: 'ana@example.com', password: 'ana-password-1' } });
    const out = await h.api('POST', '/api/v1/auth/logout', { body: { refreshToken: login.body.refreshToken } });
    assert.equal(out.status, 204);
    assert.equal((await h.api('POST', '/api/v1/auth/refresh', { body: { refreshToken: login.body.refreshToken } })).status, 401);
    const me = await h.api('GET', '/api/v1/me', { token: login.body.accessToken });
    assert.equal(me.status, 401);
    assert.equal((await h.api('POST', '/api/v1/auth/logout', { body: { refreshToken: login.body.refreshToken } })).status, 204);
  });

  it('expired, tampered, foreign-signed and missing tokens are 401', async () => {
    const login = await h.api('POST', '/api/v1/auth/login', { body: { email: 'ana@example.com', password: 'ana-password-1' } });
    const claims = claimsOf(login.body.accessToken);
    const now = Math.floor(Date.now() / 1000);
    const expired = issueAccessToken(tokenSecret, { ...claims, iat: now - 1000, exp: now - 10 });
    const res = await h.api('GET', '/api/v1/me', { token: expired });
    assert.equal(res.status, 401);
    assert.equal(res.body.error.message, 'access token expired');
    const foreign = issueAccessToken('another-secret-entirely', { ...claims });
    assert.equal((await h.api('GET', '/api/v1/me', { token: foreign })).status, 401);
    const [p, body, sig] = (login.body.accessToken as string).split('.');
    const tampered = `${p}.${Buffer.from(JSON.stringify({ ...claimsOf(login.body.accessToken), sub: claimsOf(h.adminToken).sub })).toString('base64url')}.${sig}`;
    assert.equal((await h.api('GET', '/api/v1/me', { token: tampered })).status, 401);
    assert.ok(body);
    assert.equal((await h.api('GET', '/api/v1/me')).status, 401);
    assert.equal((await h.api('GET', '/api/v1/me', { headers: { authorization: 'Basic abc' } })).status, 401);
    assert.equal((await h.api('GET', '/api/v1/workspaces', { token: 'x'.repeat(5000) })).status, 401);
  });

  it('the service token is a platform-level service principal', async () => {
    const me = await h.api('GET', '/api/v1/me', { token: h.serviceToken });
    assert.equal(me.status, 200);
    assert.equal(me.body.kind, 'service');
    const list = await h.api('GET', '/api/v1/workspaces', { token: h.serviceToken });
    assert.equal(list.status, 200);
    assert.ok(list.body.items.some((w: { id: string }) => w.id === wsId));
    assert.equal((await h.api('GET', '/api/v1/me', { token: `${h.serviceToken}x` })).status, 401);
  });

  it('health, readiness and docs need no token', async () => {
    assert.equal((await h.api('GET', '/healthz')).status, 200);
    const ready = await h.api('GET', '/readyz');
    assert.equal(ready.status, 200);
    assert.deepEqual(ready.body.checks, { nats: 'up', postgres: 'up' });
    const docs = await h.api('GET', '/api/docs-json');
    assert.equal(docs.status, 200);
    assert.ok(docs.body.paths['/api/v1/auth/login'].post);
    assert.equal((await h.api('GET', '/api/docs')).status, 200);
  });
});
