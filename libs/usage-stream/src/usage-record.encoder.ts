// The producers' usage record encoder: the same protobuf bytes as @switchyard/contracts' encodeUsageRecord
// (switchyard.v1.UsageRecord, fields in number order, proto3 defaults omitted), written straight into a scratch
// buffer instead of through protobuf-es's reflection (create + toBinary cost ~10x more per record, and the
// gateway encodes one record per request). A record this encoder does not take as plainly valid goes to the
// reference encoder, which either encodes it or throws its ContractError: same bytes, same refusals.
import { encodeUsageRecord, type UsageRecordInput, type UsageEndpoint, type UsageOutcome, type UsageTargetKind } from '@switchyard/contracts';

const TARGET_KINDS: Readonly<Record<UsageTargetKind, number>> = { deployment: 1, provider: 2 };
const ENDPOINTS: Readonly<Record<UsageEndpoint, number>> = { chat: 1, completion: 2, embedding: 3 };
const OUTCOMES: Readonly<Record<UsageOutcome, number>> = { ok: 1, error: 2, cancelled: 3, rejected: 4 };
const UINT32_MAX = 0xffffffff;

let scratch = Buffer.allocUnsafe(4096);
let at = 0;

/** The last `time` string parsed (records of one millisecond share it; see the gateway's usage-record builder). */
let lastTime = '';
let lastTimeMs = Number.NaN;

function varint(value: number): void {
  // value: a non-negative safe integer
  while (value > 0x7f) {
    scratch[at++] = (value % 0x80) | 0x80;
    value = Math.floor(value / 0x80);
  }
  scratch[at++] = value;
}

function stringField(tag: number, value: string | undefined): void {
  if (value === undefined || value === '') return;
  scratch[at++] = tag;
  const n = value.length;
  let ascii = n < 0x80;
  if (ascii) {
    for (let i = 0; i < n; i++) {
      if (value.charCodeAt(i) > 0x7f) {
        ascii = false;
        break;
      }
    }
  }
  if (ascii) {
    scratch[at++] = n;
    for (let i = 0; i < n; i++) scratch[at++] = value.charCodeAt(i);
    return;
  }
  // protobuf-es encodes strings with TextEncoder: lone surrogates become U+FFFD, as Buffer's utf8 does.
  const bytes = Buffer.byteLength(value, 'utf8');
  varint(bytes);
  at += scratch.write(value, at, bytes, 'utf8');
}

function uintField(tag: number, value: number): void {
  if (value === 0) return;
  scratch[at++] = tag;
  varint(value);
}

function isString(v: unknown): v is string | undefined {
  return v === undefined || typeof v === 'string';
}

function isUint64(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

function isUint32(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= UINT32_MAX;
}

/** Upper bound of a string field's bytes: tag (2), length varint (5), 3 bytes per UTF-16 unit. */
function strBound(value: string | undefined): number {
  return value === undefined ? 0 : 7 + 3 * value.length;
}

/** Upper bound of a valid record's bytes: its strings, plus 128 for the timestamp, numbers, enums and flags. */
function sizeBound(r: UsageRecordInput): number {
  return (
    128 +
    strBound(r.requestId) +
    strBound(r.workspaceId) +
    strBound(r.userId) +
    strBound(r.apiKeyId) +
    strBound(r.route) +
    strBound(r.deploymentId) +
    strBound(r.providerId) +
    strBound(r.providerKeyId) +
    strBound(r.instanceId) +
    strBound(r.model) +
    strBound(r.upstreamModel) +
    strBound(r.gatewayId) +
    strBound(r.errorCode)
  );
}

/**
 * The record as protobuf binary, byte for byte what `encodeUsageRecord` produces; throws its ContractError on an
 * invalid record.
 */
export function encodeUsageRecordFast(rec: UsageRecordInput): Uint8Array {
  const time = rec.time;
  let ms: number;
  if (time === lastTime) ms = lastTimeMs;
  else {
    ms = typeof time === 'string' ? Date.parse(time) : Number.NaN;
    lastTime = typeof time === 'string' ? time : '';
    lastTimeMs = ms;
  }
  const targetKind = rec.targetKind === undefined ? 0 : Object.prototype.hasOwnProperty.call(TARGET_KINDS, rec.targetKind) ? TARGET_KINDS[rec.targetKind] : -1;
  const endpoint = Object.prototype.hasOwnProperty.call(ENDPOINTS, rec.endpoint) ? ENDPOINTS[rec.endpoint] : -1;
  const outcome = Object.prototype.hasOwnProperty.call(OUTCOMES, rec.outcome) ? OUTCOMES[rec.outcome] : -1;
  const latencyMs = typeof rec.latencyMs === 'number' ? Math.round(rec.latencyMs) : rec.latencyMs;
  const ttftMs = typeof rec.ttftMs === 'number' ? Math.round(rec.ttftMs) : rec.ttftMs;
  const plain =
    typeof rec.requestId === 'string' &&
    rec.requestId !== '' &&
    Number.isFinite(ms) &&
    ms >= 0 &&
    typeof rec.workspaceId === 'string' &&
    (rec.workspaceId !== '' || rec.outcome === 'rejected') &&
    isString(rec.userId) &&
    isString(rec.apiKeyId) &&
    typeof rec.route === 'string' &&
    targetKind >= 0 &&
    isString(rec.deploymentId) &&
    isString(rec.providerId) &&
    isString(rec.providerKeyId) &&
    isString(rec.instanceId) &&
    typeof rec.model === 'string' &&
    isString(rec.upstreamModel) &&
    endpoint > 0 &&
    isUint64(rec.promptTokens) &&
    isUint64(rec.cachedPromptTokens) &&
    isUint64(rec.completionTokens) &&
    isUint32(latencyMs) &&
    (ttftMs === undefined || isUint32(ttftMs)) &&
    isUint32(rec.statusCode) &&
    outcome > 0 &&
    isUint32(rec.attempts) &&
    typeof rec.gatewayId === 'string' &&
    isString(rec.errorCode);
  // Anything unusual (nulls, wrong types, out of range, dates before 1970): the reference encoder decides.
  if (!plain) return encodeUsageRecord(rec);

  const bound = sizeBound(rec);
  if (scratch.length < bound) scratch = Buffer.allocUnsafe(bound);
  at = 0;
  stringField(0x0a, rec.requestId); // 1
  // 2: google.protobuf.Timestamp { seconds = 1; nanos = 2 }
  const seconds = Math.floor(ms / 1000);
  const nanos = (ms % 1000) * 1_000_000;
  scratch[at++] = 0x12;
  const lenAt = at++;
  uintField(0x08, seconds);
  uintField(0x10, nanos);
  scratch[lenAt] = at - lenAt - 1;
  stringField(0x1a, rec.workspaceId); // 3
  stringField(0x22, rec.userId); // 4
  stringField(0x2a, rec.apiKeyId); // 5
  stringField(0x32, rec.route); // 6
  uintField(0x38, targetKind); // 7
  stringField(0x42, rec.deploymentId); // 8
  stringField(0x4a, rec.providerId); // 9
  stringField(0x52, rec.providerKeyId); // 10
  stringField(0x5a, rec.instanceId); // 11
  stringField(0x62, rec.model); // 12
  stringField(0x6a, rec.upstreamModel); // 13
  uintField(0x70, endpoint); // 14
  uintField(0x78, rec.promptTokens); // 15
  // Field numbers 16 and up take two-byte tags.
  twoByteUint(0x80, rec.cachedPromptTokens); // 16
  twoByteUint(0x88, rec.completionTokens); // 17
  twoByteUint(0x90, latencyMs as number); // 18
  if (ttftMs !== undefined) {
    scratch[at++] = 0x98; // 19, explicit presence: written even when 0
    scratch[at++] = 0x01;
    varint(ttftMs as number);
  }
  twoByteUint(0xa0, rec.statusCode); // 20
  twoByteUint(0xa8, outcome); // 21
  if (rec.estimated === true) twoByteUint(0xb0, 1); // 22
  if (rec.stream === true) twoByteUint(0xb8, 1); // 23
  twoByteUint(0xc0, rec.attempts); // 24
  twoByteString(0xca, rec.gatewayId); // 25
  twoByteString(0xd2, rec.errorCode); // 26
  return Uint8Array.prototype.slice.call(scratch, 0, at);
}

function twoByteUint(firstTagByte: number, value: number): void {
  if (value === 0) return;
  scratch[at++] = firstTagByte;
  scratch[at++] = 0x01;
  varint(value);
}

function twoByteString(firstTagByte: number, value: string | undefined): void {
  if (value === undefined || value === '') return;
  // stringField writes a one-byte tag: write the first byte here and let it write 0x01 as the "tag".
  scratch[at++] = firstTagByte;
  stringField(0x01, value);
}
