import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  authorizeCredentialsRequest,
  CREDENTIALS_MAX_SKEW_MS,
  openCredentialsReply,
  sealCredentialsReply,
  verifyCredentialsRequest,
} from './credentials.seal';

const TOKEN = 'svc-token-0123456789abcdef';
const P = '0b4c8a2e-3f1d-4e5a-9b6c-7d8e9f0a1b2c';
const reply = { providerId: P, keys: [{ id: 'k1', secret: 'sk-live-very-secret-value', weight: 1, enabled: true }] };

describe('credentials on a readable bus', () => {
  it('a request proves the token without carrying it, for this requester and provider only', () => {
    const auth = authorizeCredentialsRequest(TOKEN, 'gateway', P);
    assert.ok(!JSON.stringify(auth).includes(TOKEN));
    assert.equal(verifyCredentialsRequest(TOKEN, auth, 'gateway', P), true);
    assert.equal(verifyCredentialsRequest('another-token-0123456789', auth, 'gateway', P), false, 'another token');
    assert.equal(verifyCredentialsRequest(TOKEN, auth, 'billing', P), false, 'another requester');
    assert.equal(verifyCredentialsRequest(TOKEN, auth, 'gateway', '1b4c8a2e-3f1d-4e5a-9b6c-7d8e9f0a1b2c'), false, 'another provider');
  });

  it('refuses stale, future, malformed and tampered proofs', () => {
    const now = Date.now();
    const old = authorizeCredentialsRequest(TOKEN, 'gateway', P, now - CREDENTIALS_MAX_SKEW_MS - 1);
    assert.equal(verifyCredentialsRequest(TOKEN, old, 'gateway', P, now), false);
    const future = authorizeCredentialsRequest(TOKEN, 'gateway', P, now + CREDENTIALS_MAX_SKEW_MS + 1);
    assert.equal(verifyCredentialsRequest(TOKEN, future, 'gateway', P, now), false);
    const good = authorizeCredentialsRequest(TOKEN, 'gateway', P, now);
    for (const bad of [undefined, null, 'x', 42, {}, { ...good, v: 2 }, { ...good, ts: 'now' }, { ...good, ts: Number.NaN }, { ...good, nonce: 'short' },
      { ...good, nonce: 'x'.repeat(65) }, { ...good, mac: 'A'.repeat(200) }, { ...good, mac: good.mac.slice(1) }, { ...good, ts: good.ts + 1 }]) {
      assert.equal(verifyCredentialsRequest(TOKEN, bad, 'gateway', P, now), false, JSON.stringify(bad));
    }
  });

  it('seals a reply that only the token holder, with the request\'s nonce, opens', () => {
    const auth = authorizeCredentialsRequest(TOKEN, 'gateway', P);
    const sealed = sealCredentialsReply(TOKEN, auth.nonce, reply);
    const wire = JSON.stringify(sealed);
    assert.ok(!wire.includes('sk-live') && !wire.includes(TOKEN), 'no secret and no token on the wire');
    assert.deepEqual(openCredentialsReply(TOKEN, auth.nonce, P, JSON.parse(wire)), reply);
    assert.throws(() => openCredentialsReply('another-token-0123456789', auth.nonce, P, sealed));
    assert.throws(() => openCredentialsReply(TOKEN, authorizeCredentialsRequest(TOKEN, 'gateway', P).nonce, P, sealed), Error, 'another nonce (a replayed request gets nothing it can open)');
    assert.throws(() => openCredentialsReply(TOKEN, auth.nonce, '1b4c8a2e-3f1d-4e5a-9b6c-7d8e9f0a1b2c', sealed), Error, 'another provider');
  });

  it('refuses altered or unsealed replies', () => {
    const auth = authorizeCredentialsRequest(TOKEN, 'gateway', P);
    const sealed = sealCredentialsReply(TOKEN, auth.nonce, reply);
    const flip = (s: string) => (s[0] === 'A' ? 'B' : 'A') + s.slice(1);
    assert.throws(() => openCredentialsReply(TOKEN, auth.nonce, P, { sealed: { ...sealed.sealed, data: flip(sealed.sealed.data) } }));
    assert.throws(() => openCredentialsReply(TOKEN, auth.nonce, P, { sealed: { ...sealed.sealed, tag: flip(sealed.sealed.tag) } }));
    assert.throws(() => openCredentialsReply(TOKEN, auth.nonce, P, reply), /not sealed/);
    assert.throws(() => openCredentialsReply(TOKEN, auth.nonce, P, null), /not sealed/);
  });
});
