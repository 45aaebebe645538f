import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeUsageRecord, encodeUsageRecord, ContractError, type UsageRecordInput } from '@switchyard/contracts';
import { encodeUsageRecordFast } from './usage-record.encoder';

const full: UsageRecordInput = {
  requestId: 'a1b2c3d4e5f60718293a4b5c',
  time: '2026-11-23T14:46:21.123Z',
  workspaceId: 'ws_1',
  userId: 'user_1',
  apiKeyId: 'key_1',
  route: 'gpt-4o',
  targetKind: 'deployment',
  deploymentId: 'dep_1',
  providerId: 'prov_1',
  providerKeyId: 'pk_1',
  instanceId: 'inst_1',
  model: 'gpt-4o',
  upstreamModel: 'meta-llama/Llama-3.1-8B-Instruct',
  endpoint: 'chat',
  promptTokens: 1234,
  cachedPromptTokens: 56,
  completionTokens: 789,
  latencyMs: 1234.6,
  ttftMs: 12.4,
  statusCode: 200,
  outcome: 'ok',
  estimated: true,
  stream: true,
  attempts: 2,
  gatewayId: 'gw-1',
  errorCode: 'upstream_timeout',
};

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

function same(rec: UsageRecordInput): void {
  assert.deepEqual(Buffer.from(encodeUsageRecordFast(rec)).toString('hex'), Buffer.from(encodeUsageRecord(rec)).toString('hex'));
}

function refusal(rec: UsageRecordInput): string {
  try {
    encodeUsageRecord(rec);
  } catch (err) {
    assert.ok(err instanceof ContractError);
    return err.message;
  }
  return 'accepted';
}

describe('encodeUsageRecordFast', () => {
  it('writes the reference bytes for a full and a minimal record', () => {
    same(full);
    same(minimal);
    assert.deepEqual(decodeUsageRecord(encodeUsageRecordFast(full)), { ...full, latencyMs: 1235, ttftMs: 12 });
  });

  it('writes ttftMs 0 (explicit presence) and skips an absent one', () => {
    same({ ...minimal, ttftMs: 0 });
    same({ ...minimal, ttftMs: 0.4 });
    assert.equal(decodeUsageRecord(encodeUsageRecordFast({ ...minimal, ttftMs: 0 })).ttftMs, 0);
    assert.equal(decodeUsageRecord(encodeUsageRecordFast(minimal)).ttftMs, undefined);
  });

  it('matches the reference across sizes, varint boundaries, every enum and odd strings', () => {
    const numbers = [0, 1, 127, 128, 16_383, 16_384, 2 ** 21, 2 ** 28, 2 ** 31, 2 ** 32 - 1, 2 ** 35, Number.MAX_SAFE_INTEGER];
    const strings = ['', 'x', 'é', '日本語', '\u{1F600}', 'lone \ud800 surrogate', 'a'.repeat(127), 'b'.repeat(128), 'c'.repeat(300), 'ü'.repeat(70)];
    const times = ['1970-01-01T00:00:00.000Z', '1970-01-01T00:00:00.999Z', '2026-11-23T14:46:21.000Z', '2286-11-20T17:46:40.001Z', '2026-11-23T14:46:21Z'];
    let i = 0;
    for (const n of numbers) {
      for (const s of strings) {
        const uint32 = n <= 0xffffffff ? n : 7;
        const rec: UsageRecordInput = {
          ...full,
          requestId: s || 'rid',
          time: times[i % times.length],
          userId: s,
          route: s,
          model: s,
          errorCode: i % 3 === 0 ? undefined : s,
          gatewayId: s,
          targetKind: (['deployment', 'provider', undefined] as const)[i % 3],
          endpoint: (['chat', 'completion', 'embedding'] as const)[i % 3],
          outcome: (['ok', 'error', 'cancelled', 'rejected'] as const)[i % 4],
          promptTokens: n,
          cachedPromptTokens: n,
          completionTokens: n,
          latencyMs: uint32,
          ttftMs: i % 2 === 0 ? undefined : uint32,
          statusCode: uint32,
          attempts: uint32,
          estimated: i % 2 === 0,
          stream: i % 3 === 0,
        };
        same(rec);
        i++;
      }
    }
    // A second encoder call with the same time string (the parsed-time cache) still matches.
    same(full);
    same({ ...full, time: '2026-11-23T14:46:21.124Z' });
  });

  it('refuses exactly what the reference refuses, with its ContractError', () => {
    const invalid: UsageRecordInput[] = [
      { ...full, requestId: '' },
      { ...full, time: 'now' },
      { ...full, time: '' },
      { ...minimal, workspaceId: '' },
      { ...full, promptTokens: -1 },
      { ...full, completionTokens: 1.5 },
      { ...full, promptTokens: 2 ** 53 },
      { ...full, promptTokens: NaN },
      { ...full, latencyMs: 2 ** 32 },
      { ...full, ttftMs: -3 },
      { ...full, statusCode: -200 },
      { ...full, endpoint: 'images' as 'chat' },
      { ...full, outcome: 'toString' as 'ok' },
      { ...full, targetKind: 'gpu' as 'provider' },
      { ...full, userId: 42 as unknown as string },
    ];
    for (const rec of invalid) {
      const expected = refusal(rec);
      assert.notEqual(expected, 'accepted');
      assert.throws(() => encodeUsageRecordFast(rec), (err: unknown) => err instanceof ContractError && err.message === expected);
    }
  });

  it('leaves what it does not take plainly to the reference encoder (same bytes)', () => {
    same({ ...minimal, outcome: 'rejected', workspaceId: '' });
    same({ ...full, userId: null as unknown as string, route: undefined as unknown as string });
    same({ ...full, time: '1960-05-01T10:00:00.250Z' });
  });
});
