import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { accountUsage, generatedText, generatedTextFromSse } from './usage.accounting';
import { buildUsageRecord, outcomeOf } from './usage-record.builder';
import { encodeUsageRecord } from '@switchyard/contracts';

const chatBody = { model: 'm', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: [{ type: 'text', text: 'Hello, world!' }] }] };

describe('accountUsage', () => {
  it('takes the upstream counts when reported', () => {
    const u = accountUsage({ endpoint: 'chat', body: chatBody, reported: { promptTokens: 10, cachedTokens: 4, completionTokens: 7 }, upstreamAccepted: true, completionText: 'ignored' });
    assert.deepEqual(u, { promptTokens: 10, cachedPromptTokens: 4, completionTokens: 7, estimated: false });
  });
  it('estimates and flags when the upstream reported nothing', () => {
    const u = accountUsage({ endpoint: 'chat', body: chatBody, reported: undefined, upstreamAccepted: true, completionText: 'Hi there' });
    assert.deepEqual(u, { promptTokens: 15, cachedPromptTokens: 0, completionTokens: 2, estimated: true });
  });
  it('records zero for a request no upstream accepted', () => {
    const u = accountUsage({ endpoint: 'chat', body: chatBody, reported: undefined, upstreamAccepted: false, completionText: '' });
    assert.deepEqual(u, { promptTokens: 0, cachedPromptTokens: 0, completionTokens: 0, estimated: false });
  });
  it('never counts completion tokens for embeddings', () => {
    const u = accountUsage({ endpoint: 'embedding', body: { input: 'a b c' }, reported: undefined, upstreamAccepted: true, completionText: 'x y' });
    assert.equal(u.completionTokens, 0);
    assert.equal(u.promptTokens, 3);
  });
});

describe('generated text', () => {
  it('reads chat messages, deltas and completion text', () => {
    assert.equal(generatedText({ choices: [{ message: { content: 'abc' } }] }), 'abc');
    assert.equal(generatedText({ choices: [{ text: 'x' }, { text: 'y' }] }), 'xy');
    assert.equal(generatedText({ nope: 1 }), '');
    assert.equal(generatedText(null), '');
  });
  it('reads what was forwarded in a stream, ignoring [DONE], partial and foreign events', () => {
    const sse = 'data: {"choices":[{"delta":{"content":"Hel"}}]}\n\ndata: {"choices":[{"delta":{"content":"lo"}}]}\n\n: ping\n\ndata: {"choi\n\ndata: [DONE]\n\n';
    assert.equal(generatedTextFromSse(sse), 'Hello');
  });
});

describe('usage records', () => {
  const base = {
    requestId: 'r1',
    startedWall: Date.parse('2026-01-01T00:00:00Z'),
    endpoint: 'chat' as const,
    model: 'chat-default',
    workspaceId: 'ws',
    userId: 'u',
    apiKeyId: 'k',
    routeName: 'chat-default',
    target: { kind: 'deployment' as const, deploymentId: 'd', instanceId: 'i', upstreamModel: 'llama' },
    counts: { promptTokens: 3, cachedPromptTokens: 0, completionTokens: 2, estimated: false },
    latencyMs: 12.6,
    ttftMs: 3.2,
    statusCode: 200,
    outcome: 'ok' as const,
    stream: true,
    attempts: 1,
    gatewayId: 'gw',
    errorCode: undefined,
  };
  it('builds a record the contract codec accepts', () => {
    const rec = buildUsageRecord(base);
    assert.equal(rec.latencyMs, 13);
    assert.equal(rec.ttftMs, 3);
    assert.equal(rec.instanceId, 'i');
    assert.equal(rec.time, '2026-01-01T00:00:00.000Z');
    assert.ok(encodeUsageRecord(rec).length > 0);
  });
  it('builds a rejected record without key or target', () => {
    const rec = buildUsageRecord({ ...base, workspaceId: undefined, userId: undefined, apiKeyId: undefined, routeName: undefined, target: undefined, model: '', statusCode: 401, outcome: 'rejected', errorCode: 'invalid_api_key', ttftMs: undefined });
    assert.equal(rec.workspaceId, '');
    assert.equal(rec.targetKind, undefined);
    assert.ok(encodeUsageRecord(rec).length > 0);
  });
  it('classifies outcomes', () => {
    assert.equal(outcomeOf(200, false, false), 'ok');
    assert.equal(outcomeOf(0, true, false), 'cancelled');
    assert.equal(outcomeOf(401, false, true), 'rejected');
    assert.equal(outcomeOf(502, false, false), 'error');
  });
});
