// The control-plane event envelope in TypeScript, and its wire codec.
//
// Wire format: UTF-8 JSON, the proto3 JSON mapping of switchyard.v1.EventEnvelope (proto/switchyard/v1/envelope.proto):
//   {"id","type","time","source","workspaceId","aggregateId","aggregateVersion","data"}
// with `time` an RFC 3339 string, `aggregateVersion` a JSON number, and `data` the proto3 JSON of the message named
// by `type`. encodeEvent is strict (unknown payload fields are refused, so nothing unplanned — a secret, a typo —
// rides along); decodeEvent is lenient about unknown fields (newer producers may add some) and strict about types.
import type { EventPayloads } from './event-payloads';
import { EventSchemas } from './event-schemas';
import { ContractError } from './errors';
import { EventEnvelopeSchema } from './gen/switchyard/v1/envelope_pb';
import { assertProtoJson, bytesToJson, isPlainObject, jsonToBytes } from './proto-json';
import { isEventType, type EventType } from './subjects';

export interface EventEnvelope<T extends EventType = EventType> {
  /** UUID; also the JetStream Nats-Msg-Id, so a re-published outbox row is deduplicated. */
  id: string;
  type: T;
  /** ISO 8601 / RFC 3339, UTC: when the change happened. */
  time: string;
  /** Producing service: "registry", "scheduler", "health-monitor", "billing", ... */
  source: string;
  /** '' for platform-wide aggregates. */
  workspaceId: string;
  aggregateId: string;
  /** Monotonic per (source, aggregateId); see isNewer. */
  aggregateVersion: number;
  data: EventPayloads[T];
}

/** An envelope of any type, discriminated by `type`: `if (env.type === 'DeploymentScaled') env.data.toReplicas`. */
export type AnyEventEnvelope = { [K in EventType]: EventEnvelope<K> }[EventType];

export interface EnvelopeMeta {
  source: string;
  workspaceId: string;
  aggregateId: string;
  aggregateVersion: number;
  /** Defaults to now. */
  time?: Date | string;
  /** Defaults to a fresh UUID. */
  id?: string;
}

export function createEnvelope<T extends EventType>(type: T, data: EventPayloads[T], meta: EnvelopeMeta): EventEnvelope<T> {
  const time = meta.time === undefined ? new Date() : meta.time;
  return {
    id: meta.id ?? globalThis.crypto.randomUUID(),
    type,
    time: typeof time === 'string' ? time : time.toISOString(),
    source: meta.source,
    workspaceId: meta.workspaceId,
    aggregateId: meta.aggregateId,
    aggregateVersion: meta.aggregateVersion,
    data,
  };
}

/** Serialises an envelope after checking it against the proto contract (strict). Throws ContractError. */
export function encodeEvent(env: EventEnvelope): Uint8Array {
  // Round trip through JSON first: this is exactly what goes on the wire (undefined properties dropped).
  const wire = JSON.parse(
    JSON.stringify({
      id: env.id,
      type: env.type,
      time: env.time,
      source: env.source,
      workspaceId: env.workspaceId,
      aggregateId: env.aggregateId,
      aggregateVersion: env.aggregateVersion,
      data: env.data,
    }),
  ) as unknown;
  validateEnvelope(wire, true);
  return jsonToBytes(wire);
}

/**
 * Parses and validates an envelope. With `expectedType`, also checks the envelope carries that type (e.g. the
 * type the subject implies). Throws ContractError on garbage, truncated JSON, unknown type, missing or mistyped
 * envelope fields, or a payload that does not match its proto message.
 */
export function decodeEvent(bytes: Uint8Array | string): AnyEventEnvelope;
export function decodeEvent<T extends EventType>(bytes: Uint8Array | string, expectedType: T): EventEnvelope<T>;
export function decodeEvent(bytes: Uint8Array | string, expectedType?: EventType): AnyEventEnvelope {
  const value = bytesToJson(bytes, 'EventEnvelope');
  const env = validateEnvelope(value, false);
  if (expectedType !== undefined && env.type !== expectedType) {
    throw new ContractError(`EventEnvelope: expected type ${expectedType}, got ${env.type}`, {
      contract: 'EventEnvelope',
      field: 'type',
      expected: expectedType,
      actual: env.type,
    });
  }
  return env;
}

/**
 * True when `version` should be applied over the last version seen for the same aggregate: consumers drop
 * redeliveries and events older than what they hold. `lastSeen` undefined = nothing seen yet.
 */
export function isNewer(version: number, lastSeen: number | undefined | null): boolean {
  return lastSeen === undefined || lastSeen === null || version > lastSeen;
}

function fail(field: string, message: string): never {
  throw new ContractError(`EventEnvelope: ${message}`, { contract: 'EventEnvelope', field });
}

function requireString(obj: Record<string, unknown>, field: string, allowEmpty: boolean): string {
  const v = obj[field];
  if (typeof v !== 'string') fail(field, `"${field}" must be a string, got ${v === null ? 'null' : typeof v}`);
  if (!allowEmpty && v.length === 0) fail(field, `"${field}" must not be empty`);
  return v;
}

function validateEnvelope(value: unknown, strict: boolean): AnyEventEnvelope {
  if (!isPlainObject(value)) fail('', 'not a JSON object');
  const id = requireString(value, 'id', false);
  const type = requireString(value, 'type', false);
  if (!isEventType(type)) fail('type', `unknown event type "${type}"`);
  const time = requireString(value, 'time', false);
  const source = requireString(value, 'source', false);
  const workspaceId = requireString(value, 'workspaceId', true);
  const aggregateId = requireString(value, 'aggregateId', false);
  const rawVersion = value.aggregateVersion;
  // proto3 JSON allows int64 as a string; we write numbers but accept both.
  const aggregateVersion =
    typeof rawVersion === 'string' && /^\d+$/.test(rawVersion) ? Number(rawVersion) : rawVersion;
  if (typeof aggregateVersion !== 'number' || !Number.isSafeInteger(aggregateVersion) || aggregateVersion < 0) {
    fail('aggregateVersion', `"aggregateVersion" must be a non-negative safe integer, got ${JSON.stringify(rawVersion)}`);
  }
  const data = value.data;
  if (!isPlainObject(data)) fail('data', `"data" must be an object for ${type}`);
  // Envelope fields' formats (RFC 3339 time, int64) and, strictly, no unknown envelope fields.
  assertProtoJson(EventEnvelopeSchema, value, strict, { contract: 'EventEnvelope', type });
  assertProtoJson(EventSchemas[type], data, strict, { contract: `EventEnvelope.data`, type });
  return { id, type, time, source, workspaceId, aggregateId, aggregateVersion, data } as unknown as AnyEventEnvelope;
}
