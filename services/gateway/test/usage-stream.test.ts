import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { EngineSimHandle } from '@switchyard/engine-sim';
import { connectNats } from '@switchyard/messaging';
import { createLogger } from '@switchyard/observability';
import { sleep } from '@switchyard/testing';
import { createUsageConsumer, usageStream, type UsageConsumer, type UsageDelivery } from '@switchyard/usage-stream';
import { deploymentTarget } from './support/registry-world';
import { member, startHarness, startSims, type Harness } from './support/gateway-harness';
import { bearer, chatBody, post } from './support/http-client';

const logger = createLogger({ service: 'usage-test', level: 'silent' });

describe('gateway: usage records reach the usage stream (JetStream)', () => {
  let h: Harness;
  let sims: EngineSimHandle[];
  let key: string;
  let consumer: UsageConsumer | undefined;
  const seen: UsageDelivery[] = [];

  before(async () => {
    sims = await startSims(1, 'sim-u');
    h = await startHarness(
      (w) => {
        key = w.addKey('k');
        w.addDeployment('d', 'dep', 'sim-u');
        w.addRoute('r', 'u', [deploymentTarget('d')]);
      },
      { env: { GATEWAY_USAGE_SINK: 'stream' }, keepUsageSink: true, beforeGateway: (x) => x.writePool('d', [member('i1', sims[0].url)]) },
    );
  });

  after(async () => {
    await consumer?.close();
    await h?.close();
    await Promise.all((sims ?? []).map((s) => s.close()));
    const nc = await connectNats({ url: process.env.NATS_URL ?? 'nats://127.0.0.1:4222', name: 'usage-test-cleanup', logger });
    const jsm = await nc.jetstreamManager();
    await jsm.streams.delete(usageStream(h.namespace).name).catch(() => false);
    await nc.close();
  });

  it('publishes one record per request, ok and rejected alike, without delaying responses', async () => {
    const ids = new Set<string>();
    const deadline = Date.now() + 10_000;
    let consumerStarted = false;
    while (Date.now() < deadline) {
      const ok = await post(`${h.url}/v1/chat/completions`, chatBody('u'), bearer(key));
      assert.equal(ok.status, 200);
      ids.add(ok.headers.get('x-request-id') ?? '');
      const rejected = await post(`${h.url}/v1/chat/completions`, chatBody('u'), bearer('sk-sy-wrong'));
      assert.equal(rejected.status, 401);
      ids.add(rejected.headers.get('x-request-id') ?? '');
      if (!consumerStarted) {
        try {
          consumer = await createUsageConsumer({ namespace: h.namespace, group: 'gw-test', logger, clientId: 'gw-test-consumer' });
          void consumer.run(async (batch) => {
            seen.push(...batch);
          });
          consumerStarted = true;
        } catch {
          // the stream is created by the gateway's producer once it connects
        }
      }
      if (seen.some((d) => d.record.outcome === 'ok') && seen.some((d) => d.record.outcome === 'rejected')) break;
      await sleep(200);
    }
    const ok = seen.find((d) => d.record.outcome === 'ok');
    const rejected = seen.find((d) => d.record.outcome === 'rejected');
    assert.ok(ok && rejected, `records seen: ${seen.length}`);
    assert.ok(ids.has(ok.requestId) && ids.has(rejected.requestId));
    assert.equal(ok.record.deploymentId, 'd');
    assert.equal(ok.record.instanceId, 'i1');
    assert.equal(ok.record.route, 'u');
    assert.equal(rejected.record.statusCode, 401);
  });

  it('a client replaying one x-request-id gets it echoed, but each request is its own usage record (billed each time)', async () => {
    const t0 = Date.now();
    const replayed = 'my-fixed-request-id';
    for (let i = 0; i < 3; i++) {
      const res = await post(`${h.url}/v1/chat/completions`, chatBody('u'), { ...bearer(key), 'x-request-id': replayed });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('x-request-id'), replayed, 'echoed for the client\'s correlation');
    }
    const mineNow = () => seen.filter((d) => d.record.outcome === 'ok' && Date.parse(d.record.time) >= t0);
    const deadline = Date.now() + 10_000;
    while (mineNow().length < 3 && Date.now() < deadline) await sleep(100);
    await sleep(300); // a fourth would show up now
    const mine = mineNow();
    assert.equal(mine.length, 3);
    assert.equal(new Set(mine.map((d) => d.requestId)).size, 3, 'three distinct ledger keys');
    assert.ok(mine.every((d) => d.requestId !== replayed), 'never the client-chosen id');
  });
});
