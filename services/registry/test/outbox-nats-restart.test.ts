// The registry's NATS goes away for real (every socket cut, the port closed) and comes back: changes keep
// committing meanwhile, and afterwards every event is in the stream exactly once, in order per aggregate.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { namespacedStream, Streams } from '@switchyard/contracts';
import { connectNats } from '@switchyard/messaging';
import { createLogger } from '@switchyard/observability';
import { getFreePort, TcpProxy, waitFor } from '@switchyard/testing';
import { OutboxRelayService } from '../src/events/outbox-relay.service';
import { startRegistry, type RegistryHarness } from './support/registry-harness';
import { readControlStream } from './support/stream-reader';

describe('outbox across a NATS outage (connection cut, then restored)', () => {
  let proxy: TcpProxy;
  let h: RegistryHarness;
  let ws: string;

  before(async () => {
    proxy = new TcpProxy(await getFreePort(), { host: '127.0.0.1', port: 4222 });
    await proxy.start();
    // Everything the registry (and this test's own connection) says to NATS goes through the relay.
    h = await startRegistry({ env: { NATS_URL: proxy.url, OUTBOX_MAX_BACKOFF_MS: '500' } });
    ws = (await h.createWorkspace('outage')).id;
    const relay = h.running.app.get(OutboxRelayService);
    await waitFor('relay caught up', async () => (await relay.repository.countUnpublished()) === 0, { timeoutMs: 10_000 });
  });

  after(async () => {
    await proxy.start().catch(() => undefined);
    await h?.close();
    await proxy.stop();
    // The harness cleans up through its own (relayed) connection, which may still be reconnecting: make sure.
    const direct = await connectNats({ url: 'nats://127.0.0.1:4222', name: 'outage-cleanup', logger: createLogger({ service: 't', level: 'silent' }) });
    const jsm = await direct.jetstreamManager();
    for (const def of [Streams.Control, Streams.DeadLetter]) await jsm.streams.delete(namespacedStream(h.namespace, def).name).catch(() => false);
    await direct.drain();
  });

  it('commits changes while NATS is down and publishes every event once, in order, when it is back', async () => {
    const relay = h.running.app.get(OutboxRelayService);
    await proxy.stop();
    await waitFor('readiness reports nats down', async () => (await h.api('GET', '/readyz')).status === 503, { timeoutMs: 10_000 });

    const ids: string[] = [];
    await Promise.all(
      Array.from({ length: 5 }, async (_, i) => {
        const created = await h.api('POST', `/api/v1/workspaces/${ws}/api-keys`, { token: h.adminToken, body: { name: `outage-${i}` } });
        assert.equal(created.status, 201, JSON.stringify(created.body));
        ids.push(created.body.id);
        for (let u = 0; u < 3; u++) {
          const res = await h.api('PATCH', `/api/v1/workspaces/${ws}/api-keys/${created.body.id}`, { token: h.adminToken, body: { rpmLimit: 100 + u } });
          assert.equal(res.status, 200);
        }
      }),
    );
    assert.equal(await relay.repository.countUnpublished(), 5 * 4, 'every event waits in the outbox');

    await proxy.start();
    await waitFor('outbox drained after NATS came back', async () => (await relay.repository.countUnpublished()) === 0, { timeoutMs: 30_000, intervalMs: 200 });
    await waitFor('ready again', async () => (await h.api('GET', '/readyz')).status === 200, { timeoutMs: 10_000 });

    // Read the stream over a direct connection (this test's harness connection also went through the relay).
    const direct = await connectNats({ url: 'nats://127.0.0.1:4222', name: 'outage-reader', logger: createLogger({ service: 't', level: 'silent' }) });
    const stored = await readControlStream(direct, h.namespace);
    await direct.drain();
    for (const id of ids) {
      const versions = stored.filter((e) => e.env.aggregateId === id).map((e) => e.env.aggregateVersion);
      assert.deepEqual(versions, [1, 2, 3, 4], `aggregate ${id}: once each, in order`);
    }
    const msgIds = stored.map((e) => e.msgId);
    assert.equal(new Set(msgIds).size, msgIds.length, 'no event id twice in the stream');
  });
});
