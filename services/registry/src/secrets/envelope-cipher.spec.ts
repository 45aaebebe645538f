import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { EnvelopeCipher } from './envelope-cipher';
import { LocalKeyProvider, masterKeyId } from './key-provider';

const k1 = randomBytes(32).toString('base64');
const k2 = randomBytes(32).toString('base64');

describe('envelope encryption', () => {
  it('round-trips a secret and never stores it in clear', async () => {
    const cipher = new EnvelopeCipher(new LocalKeyProvider(k1));
    const sealed = await cipher.seal('sk-live-1234567890abcd', 'key-1');
    assert.ok(!sealed.ciphertext.includes('sk-live'));
    assert.ok(!Buffer.from(sealed.ciphertext, 'base64').toString('latin1').includes('sk-live'));
    assert.equal(sealed.last4, 'abcd');
    assert.equal(sealed.kekId, masterKeyId(Buffer.from(k1, 'base64')));
    assert.equal(await cipher.open(sealed, 'key-1'), 'sk-live-1234567890abcd');
  });

  it('refuses a ciphertext moved to another record (bound context) or tampered with', async () => {
    const cipher = new EnvelopeCipher(new LocalKeyProvider(k1));
    const sealed = await cipher.seal('secret-value', 'key-1');
    await assert.rejects(cipher.open(sealed, 'key-2'));
    const raw = Buffer.from(sealed.ciphertext, 'base64');
    raw[raw.length - 1] ^= 1;
    await assert.rejects(cipher.open({ ...sealed, ciphertext: raw.toString('base64') }, 'key-1'));
  });

  it('uses a fresh data key per record', async () => {
    const cipher = new EnvelopeCipher(new LocalKeyProvider(k1));
    const a = await cipher.seal('same', 'c');
    const b = await cipher.seal('same', 'c');
    assert.notEqual(a.wrappedKey, b.wrappedKey);
    assert.notEqual(a.ciphertext, b.ciphertext);
  });

  it('rotation: re-wraps under the new key, reads either during rotation, and not after the old key is gone', async () => {
    const old = new EnvelopeCipher(new LocalKeyProvider(k1));
    const sealed = await old.seal('sk-rotate-me', 'ctx');
    const during = new EnvelopeCipher(new LocalKeyProvider(k2, [k1]));
    assert.equal(await during.open(sealed, 'ctx'), 'sk-rotate-me');
    const rewrapped = { ...sealed, ...(await during.rewrap(sealed)) };
    assert.equal(rewrapped.kekId, masterKeyId(Buffer.from(k2, 'base64')));
    assert.equal(rewrapped.ciphertext, sealed.ciphertext);
    const after = new EnvelopeCipher(new LocalKeyProvider(k2));
    assert.equal(await after.open(rewrapped, 'ctx'), 'sk-rotate-me');
    await assert.rejects(after.open(sealed, 'ctx'), /no master key/);
  });

  it('rejects master keys that are not 32 bytes', () => {
    assert.throws(() => new LocalKeyProvider(randomBytes(16).toString('base64')), /32 bytes/);
  });
});
