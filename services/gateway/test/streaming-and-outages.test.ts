import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { EngineSimHandle } from '@switchyard/engine-sim';
import { sleep, waitFor } from '@switchyard/testing';
import { deploymentTarget } from './support/registry-world';
import { member, startHarness, startSims, type Harness } from './support/gateway-harness';
import { bearer, chatBody, post } from './support/http-client';
import { TcpForwarder } from './support/tcp-forwarder';

async function readSome(res: Response, until: (text: string) => boolean): Promise<{ text: string; reader: ReadableStreamDefaultReader<Uint8Array> }> {
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = '';
  while (!until(text)) {
    const { done, value } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  return { text, reader };
}

describe('gateway: streams that break, clients that leave, and dependencies that go away', () => {
  let h: Harness;
  let sims: EngineSimHandle[];
  let key: string;
  let url: string;
  const redisFwd = new TcpForwarder('127.0.0.1', 6379);
  const natsFwd = new TcpForwarder('127.0.0.1', 4222);

  before(async () => {
    sims = await startSims(2, 'sim-s', { itlMs: 30 });
    const redisPort = await redisFwd.start();
    const natsPort = await natsFwd.start();
    h = await startHarness(
      (w) => {
        key = w.addKey('k');
        w.addDeployment('d', 'slow', 'sim-s');
        w.addDeployment('d2', 'other', 'sim-s');
        w.addRoute('r', 'slow', [deploymentTarget('d')]);
        w.addRoute('r2', 'other', [deploymentTarget('d2')]);
      },
      {
        env: { REDIS_URL: `redis://127.0.0.1:${redisPort}`, NATS_URL: `nats://127.0.0.1:${natsPort}`, GATEWAY_RESYNC_INTERVAL_MS: '500', GATEWAY_STATS_INTERVAL_MS: '200' },
        beforeGateway: async (x) => {
          await x.writePool('d', [member('s0', sims[0].url)]);
          await x.writePool('d2', [member('s1', sims[1].url)]);
        },
      },
    );
    url = `${h.url}/v1/chat/completions`;
  });

  after(async () => {
    await h?.close();
    await redisFwd.stop();
    await natsFwd.stop();
    await Promise.all((sims ?? []).map((s) => s.close()));
  });

  it('ends a stream that breaks after its first byte with an explicit error event, not [DONE]', async () => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...bearer(key) }, body: chatBody('slow', { max_tokens: 100, stream: true }) });
    assert.equal(res.status, 200);
    const { reader, text: start } = await readSome(res, (t) => (t.match(/data: /g) ?? []).length >= 3);
    await sims[0].control({ crash: true });
    let text = start;
    const decoder = new TextDecoder();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    assert.match(text, /data: \{"error":\{"message":"the upstream stream failed after it started/);
    assert.doesNotMatch(text, /\[DONE\]/);
    await sims[0].control({ crash: false });
    await waitFor('usage record', () => h.usage.records.find((r) => r.stream && r.errorCode !== undefined && r.statusCode === 200));
  });

  it('aborts the upstream request when the client goes away and records it as cancelled', async () => {
    const before = sims[1].state().stats.requestsAborted;
    const ac = new AbortController();
    const res = await fetch(url, { method: 'POST', signal: ac.signal, headers: { 'content-type': 'application/json', ...bearer(key) }, body: chatBody('other', { max_tokens: 200, stream: true }) });
    await readSome(res, (t) => (t.match(/data: /g) ?? []).length >= 2);
    ac.abort();
    await waitFor('upstream aborted', () => sims[1].state().stats.requestsAborted > before, { timeoutMs: 3_000 });
    const rec = await waitFor('cancelled record', () => h.usage.records.find((r) => r.outcome === 'cancelled'));
    assert.equal(rec.statusCode, 0);
    assert.ok(rec.completionTokens > 0 && rec.completionTokens < 200, `counted what was delivered: ${rec.completionTokens}`);
    await waitFor('in-flight back to zero', () => h.gateway.runtime.inFlight.total === 0);
  });

  it('publishes passive health outcomes and live stats on NATS', async () => {
    const outcomes = h.registry.collect('UpstreamOutcome');
    const stats = h.registry.collect('GatewayStats');
    await h.registry.flush();
    assert.equal((await post(url, chatBody('other'), bearer(key))).status, 200);
    await waitFor('outcome signal', () => outcomes.find((o) => o.instanceId === 's1' && o.ok));
    await waitFor('stats signal', () => stats.find((s) => s.requests > 0 && s.byRoute.other?.requests > 0), { timeoutMs: 3_000 });
  });

  it('keeps serving from its mirror while Redis and NATS are away, and resyncs when they return', async () => {
    await redisFwd.stop();
    await natsFwd.stop();
    await sleep(700);
    for (let i = 0; i < 5; i++) {
      const a = await post(url, chatBody('other'), bearer(key));
      assert.equal(a.status, 200, a.text);
    }
    // Still ready (a load balancer must keep sending traffic), and it says what it is serving without.
    const ready = await fetch(`${h.url}/readyz`);
    assert.equal(ready.status, 200);
    const body = (await ready.json()) as { status: string; missing: string[] };
    assert.equal(body.status, 'degraded');
    assert.deepEqual([...body.missing].sort(), ['nats', 'redis']);
    await redisFwd.start(redisFwd.port);
    await natsFwd.start(natsFwd.port);
    await h.writePool('d2', [member('s1', sims[1].url), member('s0', sims[0].url)]);
    await waitFor('resynced pool', () => h.gateway.runtime.mirror.pool('d2')?.members.length === 2, { timeoutMs: 8_000, intervalMs: 50 });
    assert.equal((await post(url, chatBody('other'), bearer(key))).status, 200);
  });
});
