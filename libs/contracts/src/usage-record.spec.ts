import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { create, toBinary } from '@bufbuild/protobuf';
import { timestampFromMs } from '@bufbuild/protobuf/wkt';
import { ContractError } from './errors';
import { EndpointKind, Outcome, UsageRecordSchema } from './gen/switchyard/v1/usage_pb';
import { decodeUsageRecord, encodeUsageRecord, type UsageRecordInput } from './usage-record';

const full: UsageRecordInput = {
  requestId: 'req_01HZX',
  time: '2025-06-01T10:00:00.123Z',
  workspaceId: 'ws_1',
  userId: 'user_1',
  apiKeyId: 'key_1',
  route: 'chat-default',
  targetKind: 'provider',
  deploymentId: 'dep_1',
  providerId: 'prov_1',
  providerKeyId: 'pk_1',
  instanceId: 'inst_1',
  model: 'chat-default',
  upstreamModel: 'gpt-4o-2024-08-06',
  endpoint: 'chat',
  promptTokens: 1234,
  cachedPromptTokens: 1024,
  completionTokens: 567,
  latencyMs: 1830,
  ttftMs: 210,
  statusCode: 200,
  outcome: 'ok',
  estimated: true,
  stream: true,
  attempts: 2,
  gatewayId: 'gw-a',
  errorCode: 'upstream_timeout',
};

/** Only required fields, every number zero: the record's last field on the wire is `outcome`. */
const minimal: UsageRecordInput = {
  requestId: 'r',
  time: '1970-01-01T00:00:00.000Z',
  workspaceId: 'w',
  route: '',
  model: '',
  endpoint: 'embedding',
  promptTokens: 0,
  cachedPromptTokens: 0,
  completionTokens: 0,
  latencyMs: 0,
  statusCode: 0,
  outcome: 'cancelled',
  estimated: false,
  stream: false,
  attempts: 0,
  gatewayId: '',
};

function assertContractError(fn: () => unknown, field?: string): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof ContractError, `ContractError, got ${String(err)}`);
    if (field !== undefined) assert.equal(err.context.field, field);
    return true;
  });
}

describe('usage record binary codec', () => {
  it('round-trips a fully populated record, compactly', () => {
    const bytes = encodeUsageRecord(full);
    assert.deepEqual(decodeUsageRecord(bytes), full);
    assert.ok(bytes.length < 200, `${bytes.length} bytes`);
  });

  it('round-trips zero values and absent optionals (no empty strings come back)', () => {
    const decoded = decodeUsageRecord(encodeUsageRecord(minimal));
    assert.deepEqual(decoded, minimal);
    assert.equal('userId' in decoded, false);
    assert.equal('ttftMs' in decoded, false);
    assert.equal('targetKind' in decoded, false);
  });

  it('keeps ttftMs 0 distinct from absent', () => {
    assert.equal(decodeUsageRecord(encodeUsageRecord({ ...minimal, ttftMs: 0 })).ttftMs, 0);
  });

  it('round-trips large token counts up to 2^53-1', () => {
    const big = { ...full, promptTokens: Number.MAX_SAFE_INTEGER, cachedPromptTokens: 2 ** 40, completionTokens: 2 ** 32 + 7 };
    assert.deepEqual(decodeUsageRecord(encodeUsageRecord(big)), big);
  });

  it('round-trips every enum value', () => {
    for (const endpoint of ['chat', 'completion', 'embedding'] as const) {
      for (const outcome of ['ok', 'error', 'cancelled', 'rejected'] as const) {
        for (const targetKind of ['deployment', 'provider'] as const) {
          const rec = { ...full, endpoint, outcome, targetKind };
          assert.deepEqual(decodeUsageRecord(encodeUsageRecord(rec)), rec);
        }
      }
    }
  });

  it('rounds fractional latencies to whole milliseconds', () => {
    const decoded = decodeUsageRecord(encodeUsageRecord({ ...full, latencyMs: 12.6, ttftMs: 3.2 }));
    assert.equal(decoded.latencyMs, 13);
    assert.equal(decoded.ttftMs, 3);
  });

  it('allows an empty workspace only for rejected requests', () => {
    const rejected = { ...minimal, workspaceId: '', outcome: 'rejected' as const, statusCode: 401, errorCode: 'invalid_api_key' };
    assert.deepEqual(decodeUsageRecord(encodeUsageRecord(rejected)), rejected);
    assertContractError(() => encodeUsageRecord({ ...minimal, workspaceId: '' }), 'workspaceId');
  });

  it('refuses to encode invalid records', () => {
    assertContractError(() => encodeUsageRecord({ ...full, requestId: '' }), 'requestId');
    assertContractError(() => encodeUsageRecord({ ...full, time: 'now' }), 'time');
    assertContractError(() => encodeUsageRecord({ ...full, promptTokens: -1 }), 'promptTokens');
    assertContractError(() => encodeUsageRecord({ ...full, completionTokens: 1.5 }), 'completionTokens');
    assertContractError(() => encodeUsageRecord({ ...full, promptTokens: 2 ** 53 }), 'promptTokens');
    assertContractError(() => encodeUsageRecord({ ...full, promptTokens: NaN }), 'promptTokens');
    assertContractError(() => encodeUsageRecord({ ...full, latencyMs: 2 ** 32 }), 'latencyMs');
    assertContractError(() => encodeUsageRecord({ ...full, statusCode: -200 }), 'statusCode');
    assertContractError(() => encodeUsageRecord({ ...full, endpoint: 'images' as 'chat' }), 'endpoint');
    assertContractError(() => encodeUsageRecord({ ...full, outcome: 'toString' as 'ok' }), 'outcome');
    assertContractError(() => encodeUsageRecord({ ...full, targetKind: 'gpu' as 'provider' }), 'targetKind');
  });

  it('rejects garbage bytes', () => {
    assertContractError(() => decodeUsageRecord(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff])));
    assertContractError(() => decodeUsageRecord(new TextEncoder().encode('{"requestId":"r"}')));
    assertContractError(() => decodeUsageRecord(new Uint8Array(0)), 'requestId');
    let seed = 42;
    const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % 256);
    for (let i = 0; i < 200; i++) {
      const bytes = Uint8Array.from({ length: 1 + (i % 64) }, rand);
      assertContractError(() => decodeUsageRecord(bytes));
    }
  });

  it('rejects every truncation of a record (cut mid-field, or missing its last required field)', () => {
    const bytes = encodeUsageRecord(minimal);
    for (let n = 0; n < bytes.length; n++) assertContractError(() => decodeUsageRecord(bytes.subarray(0, n)));
    assert.deepEqual(decodeUsageRecord(bytes), minimal);
  });

  it('rejects a record with an unspecified enum or a token count beyond 2^53-1 from another producer', () => {
    const base = {
      requestId: 'r',
      time: timestampFromMs(0),
      workspaceId: 'w',
      endpoint: EndpointKind.CHAT,
      outcome: Outcome.OK,
    };
    assert.equal(decodeUsageRecord(toBinary(UsageRecordSchema, create(UsageRecordSchema, base))).outcome, 'ok');
    const noOutcome = create(UsageRecordSchema, { ...base, outcome: Outcome.UNSPECIFIED });
    assertContractError(() => decodeUsageRecord(toBinary(UsageRecordSchema, noOutcome)), 'outcome');
    const noEndpoint = create(UsageRecordSchema, { ...base, endpoint: 99 as EndpointKind });
    assertContractError(() => decodeUsageRecord(toBinary(UsageRecordSchema, noEndpoint)), 'endpoint');
    const huge = create(UsageRecordSchema, { ...base, completionTokens: 2n ** 60n });
    assertContractError(() => decodeUsageRecord(toBinary(UsageRecordSchema, huge)), 'completionTokens');
    const noTime = create(UsageRecordSchema, { ...base, time: undefined });
    assertContractError(() => decodeUsageRecord(toBinary(UsageRecordSchema, noTime)), 'time');
  });
});
