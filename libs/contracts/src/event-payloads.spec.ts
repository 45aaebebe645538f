import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fromJson, type DescMessage, type JsonValue } from '@bufbuild/protobuf';
import { samplePayloads, sampleSnapshot } from './contract-samples.fixture';
import { EventSchemas } from './event-schemas';
import { RegistrySnapshotSchema } from './gen/switchyard/v1/registry_pb';
import { EVENT_TYPES } from './subjects';

const OPAQUE = new Set(['google.protobuf.Timestamp', 'google.protobuf.Struct']);

/**
 * Asserts that `value` has exactly the proto message's fields (by JSON name), recursing into nested messages:
 * the hand-written interface behind the sample and the .proto agree field for field.
 */
function assertSameFields(schema: DescMessage, value: unknown, path: string): void {
  assert.ok(value !== null && typeof value === 'object' && !Array.isArray(value), `${path} is an object`);
  const obj = value as Record<string, unknown>;
  // The route fallback is a RouteTarget without a weight (RouteFallbackSnapshot).
  const omitted = path.endsWith('.fallback') ? ['weight'] : [];
  const protoNames = schema.fields.map((f) => f.jsonName).filter((n) => !omitted.includes(n)).sort();
  assert.deepEqual(Object.keys(obj).sort(), protoNames, `${path} (${schema.typeName}) has exactly the proto fields`);
  for (const field of schema.fields) {
    const v = obj[field.jsonName];
    if (field.fieldKind === 'message' && !OPAQUE.has(field.message.typeName)) {
      assertSameFields(field.message, v, `${path}.${field.jsonName}`);
    } else if (field.fieldKind === 'list' && field.listKind === 'message') {
      assert.ok(Array.isArray(v) && v.length > 0, `${path}.${field.jsonName} has a sample element`);
      assertSameFields(field.message, v[0], `${path}.${field.jsonName}[0]`);
    }
  }
}

describe('event payload interfaces mirror events.proto', () => {
  for (const type of EVENT_TYPES) {
    it(`${type}: the sample is valid proto3 JSON (strict) and sets every proto field`, () => {
      const sample = JSON.parse(JSON.stringify(samplePayloads[type])) as JsonValue;
      assert.doesNotThrow(() => fromJson(EventSchemas[type], sample));
      assertSameFields(EventSchemas[type], sample, type);
    });
  }
});

describe('registry snapshot interfaces mirror registry.proto', () => {
  it('the sample snapshot is valid proto3 JSON (strict) and sets every field of every entity', () => {
    const sample = JSON.parse(JSON.stringify(sampleSnapshot)) as JsonValue;
    assert.doesNotThrow(() => fromJson(RegistrySnapshotSchema, sample));
    assertSameFields(RegistrySnapshotSchema, sample, 'snapshot');
  });

  it('the checker fails on a missing or extra field (it can fail)', () => {
    const { detail: _detail, ...missing } = samplePayloads.DeploymentScaled;
    assert.throws(() => assertSameFields(EventSchemas.DeploymentScaled, missing, 'x'), assert.AssertionError);
    assert.throws(
      () => assertSameFields(EventSchemas.DeploymentScaled, { ...samplePayloads.DeploymentScaled, extra: 1 }, 'x'),
      assert.AssertionError,
    );
  });

  it('accepts null for unset optional fields and entities, as the interfaces allow', () => {
    const route = { ...sampleSnapshot.routes[0], fallback: null, overflow: null };
    const key = { ...sampleSnapshot.apiKeys[0], rpmLimit: null, monthlyBudget: null, expiresAt: null, userId: null };
    const snap = { ...sampleSnapshot, routes: [route], apiKeys: [key] };
    assert.doesNotThrow(() => fromJson(RegistrySnapshotSchema, JSON.parse(JSON.stringify(snap)) as JsonValue));
    assert.doesNotThrow(() =>
      fromJson(EventSchemas.RouteChanged, { routeId: 'r', name: 'n', change: 'deleted', route: null }),
    );
  });
});
