// The usage record codec: protobuf BINARY (switchyard.v1.UsageRecord, proto/switchyard/v1/usage.proto), compact
// because the usage stream carries one record per gateway request.
//
// TypeScript side (`UsageRecordInput`): plain numbers (token counts are uint64 on the wire and must be safe
// integers here), string unions for the enums, and `time` as an ISO 8601 string (millisecond precision; the same
// convention as the event envelope). Optional ids are absent (never '') when there is none.
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { timestampFromMs, timestampMs } from '@bufbuild/protobuf/wkt';
import { ContractError } from './errors';
import { EndpointKind, Outcome, TargetKind, UsageRecordSchema, type UsageRecord } from './gen/switchyard/v1/usage_pb';

export type UsageTargetKind = 'deployment' | 'provider';
export type UsageEndpoint = 'chat' | 'completion' | 'embedding';
export type UsageOutcome = 'ok' | 'error' | 'cancelled' | 'rejected';

export interface UsageRecordInput {
  /** The gateway's request id: billing's idempotency key. */
  requestId: string;
  /** ISO 8601 time the request started, e.g. new Date(startMs).toISOString(). */
  time: string;
  /** Required unless outcome is 'rejected' (a request refused before its key was known). */
  workspaceId: string;
  userId?: string;
  apiKeyId?: string;
  /** Route name asked for. */
  route: string;
  /** Absent when no target was chosen (rejected requests). */
  targetKind?: UsageTargetKind;
  deploymentId?: string;
  providerId?: string;
  providerKeyId?: string;
  instanceId?: string;
  /** The model the client asked for (the route name). */
  model: string;
  /** The model name sent upstream. */
  upstreamModel?: string;
  endpoint: UsageEndpoint;
  promptTokens: number;
  cachedPromptTokens: number;
  completionTokens: number;
  /** Rounded to whole milliseconds. */
  latencyMs: number;
  ttftMs?: number;
  /** HTTP status returned to the client; 0 if the client left first. */
  statusCode: number;
  outcome: UsageOutcome;
  /** Token counts are the gateway's estimate. */
  estimated: boolean;
  stream: boolean;
  attempts: number;
  gatewayId: string;
  errorCode?: string;
}

const CONTRACT = 'UsageRecord';
const UINT32_MAX = 0xffffffff;

const targetKinds: Record<UsageTargetKind, TargetKind> = {
  deployment: TargetKind.DEPLOYMENT,
  provider: TargetKind.PROVIDER,
};
const endpoints: Record<UsageEndpoint, EndpointKind> = {
  chat: EndpointKind.CHAT,
  completion: EndpointKind.COMPLETION,
  embedding: EndpointKind.EMBEDDING,
};
const outcomes: Record<UsageOutcome, Outcome> = {
  ok: Outcome.OK,
  error: Outcome.ERROR,
  cancelled: Outcome.CANCELLED,
  rejected: Outcome.REJECTED,
};

function invert<K extends string, V extends number>(map: Record<K, V>): Map<V, K> {
  return new Map((Object.entries(map) as [K, V][]).map(([k, v]) => [v, k]));
}
const targetKindNames = invert(targetKinds);
const endpointNames = invert(endpoints);
const outcomeNames = invert(outcomes);

function fail(field: string, message: string, cause?: unknown): never {
  throw new ContractError(`${CONTRACT}: ${message}`, { contract: CONTRACT, field }, { cause });
}

function lookup<K extends string, V>(map: Record<K, V>, value: unknown, field: string): V {
  if (typeof value !== 'string' || !Object.prototype.hasOwnProperty.call(map, value)) {
    fail(field, `"${field}" must be one of ${Object.keys(map).join('|')}, got ${JSON.stringify(value)}`);
  }
  return map[value as K];
}

function uint64(value: unknown, field: string): bigint {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    fail(field, `"${field}" must be a non-negative safe integer, got ${String(value)}`);
  }
  return BigInt(value);
}

function uint32(value: unknown, field: string, round = false): number {
  const n = round && typeof value === 'number' ? Math.round(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > UINT32_MAX) {
    fail(field, `"${field}" must be an integer in 0..${UINT32_MAX}, got ${String(value)}`);
  }
  return n;
}

function str(value: unknown, field: string): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') fail(field, `"${field}" must be a string`);
  return value;
}

/** Validates and serialises a usage record to protobuf binary. Throws ContractError on an invalid record. */
export function encodeUsageRecord(rec: UsageRecordInput): Uint8Array {
  if (!rec.requestId) fail('requestId', '"requestId" is required');
  const ms = typeof rec.time === 'string' ? Date.parse(rec.time) : NaN;
  if (!Number.isFinite(ms)) fail('time', `"time" must be an ISO 8601 string, got ${JSON.stringify(rec.time)}`);
  if (!rec.workspaceId && rec.outcome !== 'rejected') fail('workspaceId', '"workspaceId" is required');
  const msg = create(UsageRecordSchema, {
    requestId: rec.requestId,
    time: timestampFromMs(ms),
    workspaceId: str(rec.workspaceId, 'workspaceId'),
    userId: str(rec.userId, 'userId'),
    apiKeyId: str(rec.apiKeyId, 'apiKeyId'),
    route: str(rec.route, 'route'),
    targetKind: rec.targetKind === undefined ? TargetKind.UNSPECIFIED : lookup(targetKinds, rec.targetKind, 'targetKind'),
    deploymentId: str(rec.deploymentId, 'deploymentId'),
    providerId: str(rec.providerId, 'providerId'),
    providerKeyId: str(rec.providerKeyId, 'providerKeyId'),
    instanceId: str(rec.instanceId, 'instanceId'),
    model: str(rec.model, 'model'),
    upstreamModel: str(rec.upstreamModel, 'upstreamModel'),
    endpoint: lookup(endpoints, rec.endpoint, 'endpoint'),
    promptTokens: uint64(rec.promptTokens, 'promptTokens'),
    cachedPromptTokens: uint64(rec.cachedPromptTokens, 'cachedPromptTokens'),
    completionTokens: uint64(rec.completionTokens, 'completionTokens'),
    latencyMs: uint32(rec.latencyMs, 'latencyMs', true),
    ttftMs: rec.ttftMs === undefined ? undefined : uint32(rec.ttftMs, 'ttftMs', true),
    statusCode: uint32(rec.statusCode, 'statusCode'),
    outcome: lookup(outcomes, rec.outcome, 'outcome'),
    estimated: rec.estimated === true,
    stream: rec.stream === true,
    attempts: uint32(rec.attempts, 'attempts'),
    gatewayId: str(rec.gatewayId, 'gatewayId'),
    errorCode: str(rec.errorCode, 'errorCode'),
  });
  return toBinary(UsageRecordSchema, msg);
}

function safeNumber(value: bigint, field: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) fail(field, `"${field}" ${value} exceeds 2^53-1`);
  return Number(value);
}

function optional(value: string): string | undefined {
  return value === '' ? undefined : value;
}

/** Parses and validates a protobuf-binary usage record. Throws ContractError on garbage or truncated input. */
export function decodeUsageRecord(bytes: Uint8Array): UsageRecordInput {
  let msg: UsageRecord;
  try {
    msg = fromBinary(UsageRecordSchema, bytes, { readUnknownFields: false });
  } catch (err) {
    fail('', `not a valid protobuf UsageRecord (${bytes.length} bytes): ${err instanceof Error ? err.message : String(err)}`, err);
  }
  if (!msg.requestId) fail('requestId', '"requestId" is missing');
  if (!msg.time) fail('time', '"time" is missing');
  const outcome = outcomeNames.get(msg.outcome);
  if (!outcome) fail('outcome', `"outcome" is missing or unknown (${msg.outcome})`);
  const endpoint = endpointNames.get(msg.endpoint);
  if (!endpoint) fail('endpoint', `"endpoint" is missing or unknown (${msg.endpoint})`);
  if (!msg.workspaceId && outcome !== 'rejected') fail('workspaceId', '"workspaceId" is missing');
  let time: string;
  try {
    time = new Date(timestampMs(msg.time)).toISOString();
  } catch (err) {
    fail('time', '"time" is out of range', err);
  }
  const rec: UsageRecordInput = {
    requestId: msg.requestId,
    time,
    workspaceId: msg.workspaceId,
    route: msg.route,
    model: msg.model,
    endpoint,
    promptTokens: safeNumber(msg.promptTokens, 'promptTokens'),
    cachedPromptTokens: safeNumber(msg.cachedPromptTokens, 'cachedPromptTokens'),
    completionTokens: safeNumber(msg.completionTokens, 'completionTokens'),
    latencyMs: msg.latencyMs,
    statusCode: msg.statusCode,
    outcome,
    estimated: msg.estimated,
    stream: msg.stream,
    attempts: msg.attempts,
    gatewayId: msg.gatewayId,
  };
  const targetKind = targetKindNames.get(msg.targetKind);
  if (targetKind) rec.targetKind = targetKind;
  const optionals = {
    userId: optional(msg.userId),
    apiKeyId: optional(msg.apiKeyId),
    deploymentId: optional(msg.deploymentId),
    providerId: optional(msg.providerId),
    providerKeyId: optional(msg.providerKeyId),
    instanceId: optional(msg.instanceId),
    upstreamModel: optional(msg.upstreamModel),
    errorCode: optional(msg.errorCode),
  };
  for (const [key, value] of Object.entries(optionals) as [keyof typeof optionals, string | undefined][]) {
    if (value !== undefined) rec[key] = value;
  }
  if (msg.ttftMs !== undefined) rec.ttftMs = msg.ttftMs;
  return rec;
}
