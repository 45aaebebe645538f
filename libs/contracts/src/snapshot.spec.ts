import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sampleSnapshot } from './contract-samples.fixture';
import { ContractError } from './errors';
import {
  decodeRegistrySnapshot,
  encodeRegistrySnapshot,
  isRequestErrorReply,
  REGISTRY_SNAPSHOT_SCHEMA_VERSION,
  type RegistrySnapshot,
} from './snapshot';

const encodeRaw = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

describe('registry snapshot codec', () => {
  it('round-trips a full snapshot', () => {
    assert.equal(REGISTRY_SNAPSHOT_SCHEMA_VERSION, 1);
    assert.deepEqual(decodeRegistrySnapshot(encodeRegistrySnapshot(sampleSnapshot)), sampleSnapshot);
  });

  it('round-trips an empty registry', () => {
    const empty: RegistrySnapshot = {
      ...sampleSnapshot,
      version: 0,
      workspaces: [],
      apiKeys: [],
      providers: [],
      models: [],
      prices: [],
      deployments: [],
      routes: [],
    };
    assert.deepEqual(decodeRegistrySnapshot(encodeRegistrySnapshot(empty)), empty);
  });

  it('refuses to encode a provider key secret or any undeclared field', () => {
    const provider = sampleSnapshot.providers[0];
    const leaky = { ...provider, keys: [{ ...provider.keys[0], secret: 'sk-live-123' }] };
    assert.throws(() => encodeRegistrySnapshot({ ...sampleSnapshot, providers: [leaky] }), ContractError);
    assert.throws(() => encodeRegistrySnapshot({ ...sampleSnapshot, extra: 1 } as RegistrySnapshot), ContractError);
  });

  it('rejects an unknown schema version', () => {
    assert.throws(() => decodeRegistrySnapshot(encodeRaw({ ...sampleSnapshot, schemaVersion: 2 })), ContractError);
    assert.throws(() => decodeRegistrySnapshot(encodeRaw({ ...sampleSnapshot, schemaVersion: undefined })), ContractError);
  });

  it('rejects garbage, truncation and mistyped fields', () => {
    assert.throws(() => decodeRegistrySnapshot('nope'), ContractError);
    assert.throws(() => decodeRegistrySnapshot(new Uint8Array([0xc3, 0x28])), ContractError);
    const bytes = encodeRegistrySnapshot(sampleSnapshot);
    for (const n of [0, 1, 10, bytes.length / 2, bytes.length - 1]) {
      assert.throws(() => decodeRegistrySnapshot(bytes.subarray(0, Math.floor(n))), ContractError);
    }
    assert.throws(() => decodeRegistrySnapshot(encodeRaw({ ...sampleSnapshot, version: -1 })), ContractError);
    assert.throws(() => decodeRegistrySnapshot(encodeRaw({ ...sampleSnapshot, routes: {} })), ContractError);
    const badRoute = { ...sampleSnapshot.routes[0], targets: [{ kind: 'deployment', weight: 'heavy' }] };
    assert.throws(() => decodeRegistrySnapshot(encodeRaw({ ...sampleSnapshot, routes: [badRoute] })), ContractError);
    const badTime = { ...sampleSnapshot.apiKeys[0], expiresAt: 'soon' };
    assert.throws(() => decodeRegistrySnapshot(encodeRaw({ ...sampleSnapshot, apiKeys: [badTime] })), ContractError);
  });

  it('turns an error reply into a ContractError carrying its retryable flag', () => {
    const reply = { error: { code: 'not_ready', message: 'registry is migrating', retryable: true } };
    assert.equal(isRequestErrorReply(reply), true);
    assert.equal(isRequestErrorReply(sampleSnapshot), false);
    assert.throws(
      () => decodeRegistrySnapshot(encodeRaw(reply)),
      (err: unknown) => err instanceof ContractError && err.retryable && /migrating/.test(err.message),
    );
  });
});
