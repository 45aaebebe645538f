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

  it('holds 1,000 streams of ~3.2 s in the memory phase by default, and lifts the gateway cap to match', () => {
    assert.deepEqual(planFromEnv({}).memory, { streams: 1000, streamSeconds: 3.2, rampMs: 1000, sampleIntervalMs: 50, gatewayUpstreamConnections: 1000 });
    const small = planFromEnv({ BENCH_MEMORY_STREAMS: '300', BENCH_MEMORY_STREAM_SECONDS: '2', BENCH_MEMORY_RAMP_MS: '0' }).memory;
    assert.equal(small.streams, 300);
    assert.equal(small.streamSeconds, 2);
    assert.equal(small.rampMs, 0);
    assert.equal(small.gatewayUpstreamConnections, 300);
    assert.equal(planFromEnv({ BENCH_MEMORY_STREAMS: '0' }).memory.streams, 0);
    assert.equal(planFromEnv({ BENCH_MEMORY_UPSTREAM_CONNECTIONS: '0' }).memory.gatewayUpstreamConnections, 0);
    assert.equal(planFromEnv({ BENCH_MEMORY_UPSTREAM_CONNECTIONS: '2048' }).memory.gatewayUpstreamConnections, 2048);
  });

  it('rejects nonsense with the variable named', () => {
    assert.throws(() => planFromEnv({ BENCH_MEMORY_STREAMS: '10.5' }), /BENCH_MEMORY_STREAMS/);
    assert.throws(() => planFromEnv({ BENCH_MEMORY_STREAM_SECONDS: '0' }), /BENCH_MEMORY_STREAM_SECONDS/);
    assert.throws(() => planFromEnv({ BENCH_MEMORY_UPSTREAM_CONNECTIONS: '-3' }), /BENCH_MEMORY_UPSTREAM_CONNECTIONS/);
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
