import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chatBody, planFromEnv } from './bench.plan';

describe('bench plan', () => {
  it('defaults to every target, 1 and 50 connections, 5 s cells', () => {
    const plan = planFromEnv({});
    assert.deepEqual(plan.targets, ['direct', 'nginx', 'portkey', 'gateway']);
    assert.deepEqual(plan.connections, [1, 50]);
    assert.equal(plan.seconds, 5);
    assert.deepEqual(plan.modes, ['non-stream', 'stream']);
  });

  it('reads overrides and always keeps direct as the baseline', () => {
    const plan = planFromEnv({ BENCH_TARGETS: 'nginx', BENCH_CONNECTIONS: '8', BENCH_SECONDS: '2', BENCH_PROBE_SECONDS: '0' });
    assert.deepEqual(plan.targets, ['direct', 'nginx']);
    assert.deepEqual(plan.connections, [8]);
    assert.equal(plan.seconds, 2);
    assert.equal(plan.probeSeconds, 0);
  });

  it('rejects nonsense with the variable named', () => {
    assert.throws(() => planFromEnv({ BENCH_TARGETS: 'envoy' }), /BENCH_TARGETS: unknown envoy/);
    assert.throws(() => planFromEnv({ BENCH_SECONDS: '-1' }), /BENCH_SECONDS/);
    assert.throws(() => planFromEnv({ BENCH_CONNECTIONS: '1.5' }), /BENCH_CONNECTIONS/);
  });

  it('builds chat bodies with stream only when streaming', () => {
    const plan = planFromEnv({});
    assert.equal((JSON.parse(chatBody(plan, 'non-stream')) as { stream?: boolean }).stream, undefined);
    assert.equal((JSON.parse(chatBody(plan, 'stream')) as { stream?: boolean }).stream, true);
  });
});
