import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { samplePayloads } from './contract-samples.fixture';
import { createEnvelope, decodeEvent, encodeEvent, isNewer, type EventEnvelope } from './envelope';
import { ContractError } from './errors';
import { EVENT_TYPES } from './subjects';

const meta = { source: 'registry', workspaceId: 'ws_1', aggregateId: 'dep_1', aggregateVersion: 7 };
const scaled = () =>
  createEnvelope('DeploymentScaled', samplePayloads.DeploymentScaled, { ...meta, time: '2025-06-01T10:00:00.000Z' });
const wire = (overrides: Record<string, unknown>) =>
  JSON.stringify({ ...(JSON.parse(Buffer.from(encodeEvent(scaled())).toString('utf8')) as object), ...overrides });

function assertContractError(fn: () => unknown, field?: string): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof ContractError, `ContractError, got ${String(err)}`);
    assert.equal(err.retryable, false);
    if (field !== undefined) assert.equal(err.context.field, field);
    return true;
  });
}

describe('createEnvelope', () => {
  it('fills id (UUID v4) and time (now, ISO) and keeps the meta', () => {
    const before = Date.now();
    const env = createEnvelope('RouteChanged', samplePayloads.RouteChanged, meta);
    assert.match(env.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.ok(Date.parse(env.time) >= before - 1 && Date.parse(env.time) <= Date.now());
    assert.equal(env.time, new Date(env.time).toISOString());
    assert.equal(env.type, 'RouteChanged');
    assert.equal(env.aggregateVersion, 7);
    assert.notEqual(createEnvelope('RouteChanged', samplePayloads.RouteChanged, meta).id, env.id);
  });

  it('accepts a Date or string time and an explicit id', () => {
    const env = createEnvelope('ApiKeyRevoked', samplePayloads.ApiKeyRevoked, {
      ...meta,
      id: 'fixed',
      time: new Date(Date.UTC(2025, 0, 2, 3, 4, 5, 6)),
    });
    assert.equal(env.id, 'fixed');
    assert.equal(env.time, '2025-01-02T03:04:05.006Z');
  });
});

describe('encodeEvent / decodeEvent', () => {
  for (const type of EVENT_TYPES) {
    it(`round-trips ${type}`, () => {
      const env = createEnvelope(type, samplePayloads[type], meta) as EventEnvelope;
      const decoded = decodeEvent(encodeEvent(env));
      assert.deepEqual(decoded, JSON.parse(JSON.stringify(env)));
      assert.deepEqual(decodeEvent(encodeEvent(env), type), decoded);
    });
  }

  it('writes the proto3 JSON envelope with a numeric aggregateVersion', () => {
    const text = Buffer.from(encodeEvent(scaled())).toString('utf8');
    const obj = JSON.parse(text) as Record<string, unknown>;
    assert.deepEqual(Object.keys(obj), ['id', 'type', 'time', 'source', 'workspaceId', 'aggregateId', 'aggregateVersion', 'data']);
    assert.equal(obj.aggregateVersion, 7);
  });

  it('narrows data by type', () => {
    const env = decodeEvent(encodeEvent(scaled()));
    if (env.type !== 'DeploymentScaled') assert.fail('type');
    assert.equal(env.data.toReplicas, 3);
  });

  it('refuses to encode a payload field the proto does not declare (no secrets riding along)', () => {
    const env = scaled();
    const leaky = { ...env, data: { ...env.data, apiKey: 'sk-live-123' } };
    assertContractError(() => encodeEvent(leaky as EventEnvelope));
    const provider = samplePayloads.ProviderChanged.provider!;
    const withSecret = { ...provider, keys: [{ ...provider.keys[0], secret: 'sk-live-123' }] };
    const env2 = createEnvelope('ProviderChanged', { ...samplePayloads.ProviderChanged, provider: withSecret }, meta);
    assertContractError(() => encodeEvent(env2));
  });

  it('refuses to encode bad envelope fields', () => {
    assertContractError(() => encodeEvent({ ...scaled(), aggregateVersion: -1 }), 'aggregateVersion');
    assertContractError(() => encodeEvent({ ...scaled(), aggregateVersion: 1.5 }), 'aggregateVersion');
    assertContractError(() => encodeEvent({ ...scaled(), time: 'yesterday' }));
    assertContractError(() => encodeEvent({ ...scaled(), source: '' }), 'source');
  });

  it('decodes unknown fields from a newer producer leniently', () => {
    const text = wire({ extra: true, data: { ...samplePayloads.DeploymentScaled, newField: 'x' } });
    const env = decodeEvent(text, 'DeploymentScaled');
    assert.equal(env.data.toReplicas, 3);
  });

  it('accepts aggregateVersion as a decimal string (proto3 JSON int64)', () => {
    assert.equal(decodeEvent(wire({ aggregateVersion: '12' })).aggregateVersion, 12);
  });

  it('rejects garbage, non-UTF-8 and non-objects', () => {
    assertContractError(() => decodeEvent(new Uint8Array([0xff, 0xfe, 0x00, 0x01])));
    assertContractError(() => decodeEvent('not json'));
    assertContractError(() => decodeEvent(''));
    assertContractError(() => decodeEvent('null'));
    assertContractError(() => decodeEvent('[1,2]'));
    assertContractError(() => decodeEvent('"DeploymentScaled"'));
    assertContractError(() => decodeEvent('{}'));
  });

  it('rejects every truncation of a valid event', () => {
    const bytes = encodeEvent(scaled());
    for (let n = 0; n < bytes.length; n++) assertContractError(() => decodeEvent(bytes.subarray(0, n)));
  });

  it('rejects missing, empty or mistyped envelope fields', () => {
    assertContractError(() => decodeEvent(wire({ id: undefined })), 'id');
    assertContractError(() => decodeEvent(wire({ id: '' })), 'id');
    assertContractError(() => decodeEvent(wire({ type: 'DeploymentExploded' })), 'type');
    assertContractError(() => decodeEvent(wire({ type: 7 })), 'type');
    assertContractError(() => decodeEvent(wire({ source: null })), 'source');
    assertContractError(() => decodeEvent(wire({ workspaceId: 3 })), 'workspaceId');
    assertContractError(() => decodeEvent(wire({ aggregateId: '' })), 'aggregateId');
    assertContractError(() => decodeEvent(wire({ aggregateVersion: -3 })), 'aggregateVersion');
    assertContractError(() => decodeEvent(wire({ aggregateVersion: 2 ** 60 })), 'aggregateVersion');
    assertContractError(() => decodeEvent(wire({ aggregateVersion: 'seven' })), 'aggregateVersion');
    assertContractError(() => decodeEvent(wire({ time: '2025-13-45' })));
    assertContractError(() => decodeEvent(wire({ data: 'x' })), 'data');
    assertContractError(() => decodeEvent(wire({ data: null })), 'data');
  });

  it('rejects a payload whose fields have the wrong types for its type', () => {
    assertContractError(() => decodeEvent(wire({ data: { ...samplePayloads.DeploymentScaled, toReplicas: 'three' } })));
    assertContractError(() => decodeEvent(wire({ data: { ...samplePayloads.DeploymentScaled, toReplicas: -1 } })));
    assertContractError(() => decodeEvent(wire({ data: { ...samplePayloads.DeploymentScaled, deploymentId: 5 } })));
    // A RouteChanged payload under type DeploymentScaled is fine field-by-field only if names match: they do not,
    // and strict encoding catches it; leniently decoded it would be empty, so the type must match the subject.
    assertContractError(() => decodeEvent(wire({ data: { fromReplicas: { n: 1 } } })));
  });

  it('rejects an envelope whose type is not the expected one', () => {
    assertContractError(() => decodeEvent(encodeEvent(scaled()), 'RouteChanged'), 'type');
  });
});

describe('isNewer', () => {
  it('applies the first version seen and strictly newer ones only', () => {
    assert.equal(isNewer(1, undefined), true);
    assert.equal(isNewer(0, null), true);
    assert.equal(isNewer(5, 4), true);
    assert.equal(isNewer(5, 5), false);
    assert.equal(isNewer(3, 5), false);
  });
});
