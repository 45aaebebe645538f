import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connectNats, EventPublisher, NatsConnection } from '@switchyard/messaging';
import { createLogger } from '@switchyard/observability';
import { waitFor } from '@switchyard/testing';
import { OutboxRelayService, type OutboxPublish } from '../src/events/outbox-relay.service';
import { startRegistry, type RegistryHarness } from './support/registry-harness';
import { readControlStream } from './support/stream-reader';

describe('outbox: changes succeed while NATS is unavailable; events flow when it is back, none lost or reordered', () => {
  let h: RegistryHarness;
  let relay: OutboxRelayService;
  let real: OutboxPublish;
  let ws: string;

  before(async () => {
    h = await startRegistry();
    relay = h.running.app.get(OutboxRelayService);
    ws = (await h.createWorkspace('outbox-ws')).id;
    await waitFor('relay caught up', async () => (await relay.repository.countUnpublished()) === 0);
  });
  after(async () => {
    await h?.close();
  });

  async function churn(label: string, keys: number, updates: number): Promise<string[]> {
    const ids: string[] = [];
    await Promise.all(
      Array.from({ length: keys }, async (_, i) => {
        const created = await h.api('POST', `/api/v1/workspaces/${ws}/api-keys`, { token: h.adminToken, body: { name: `${label}-${i}` } });
        assert.equal(created.status, 201);
        ids.push(created.body.id);
        for (let u = 0; u < updates; u++) {
          const res = await h.api('PATCH', `/api/v1/workspaces/${ws}/api-keys/${created.body.id}`, { token: h.adminToken, body: { rpmLimit: 100 + u } });
          assert.equal(res.status, 200);
        }
        const revoked = await h.api('POST', `/api/v1/workspaces/${ws}/api-keys/${created.body.id}/revoke`, { token: h.adminToken, body: {} });
        assert.equal(revoked.status, 200);
      }),
    );
    return ids;
  }

  async function assertDelivered(ids: string[], eventsPerKey: number): Promise<void> {
    const outbox = await h.db.outboxEvent.findMany({ where: { aggregateId: { in: ids } }, orderBy: { id: 'asc' } });
    assert.equal(outbox.length, ids.length * eventsPerKey);
    const stream = await readControlStream(h.nc, h.namespace);
    const published = stream.filter((e) => ids.includes(e.env.aggregateId));
    // none lost, none duplicated
    assert.deepEqual(published.map((e) => e.env.id).sort(), outbox.map((o) => o.eventId).sort());
    // stream order = outbox (commit) order, so per aggregate the versions climb 1, 2, 3…
    assert.deepEqual(published.map((e) => e.env.id), outbox.map((o) => o.eventId));
    for (const id of ids) {
      const versions = published.filter((e) => e.env.aggregateId === id).map((e) => e.env.aggregateVersion);
      assert.deepEqual(versions, Array.from({ length: eventsPerKey }, (_, i) => i + 1), `aggregate ${id}`);
    }
  }

  it('with NATS unreachable every change still commits and its events wait in the outbox', async () => {
    const streamBefore = (await readControlStream(h.nc, h.namespace)).length;
    // A real publisher on a NATS connection that has gone away.
    const raw = await connectNats({ url: h.config.NATS_URL, name: 'registry-dead', logger: createLogger({ service: 't', level: 'silent' }) });
    const dead = new NatsConnection(raw, 'registry', h.namespace);
    await dead.close();
    const deadPublisher = new EventPublisher(dead);
    let attempts = 0;
    let lastError = '';
    real = relay.publishVia(async (subject, bytes, msgId) => {
      attempts += 1;
      try {
        await deadPublisher.publishRaw(subject, bytes, msgId);
      } catch (error) {
        lastError = error instanceof Error ? error.message : String(error);
        throw error;
      }
    });
    const ids = await churn('down', 6, 3);
    const pending = await relay.repository.countUnpublished();
    assert.equal(pending, 6 * 5);
    await waitFor('the relay tried and backed off', () => attempts > 0 && relay.lagging() > 0);
    assert.match(lastError, /not connected/);
    assert.equal((await readControlStream(h.nc, h.namespace)).length, streamBefore);

    relay.publishVia(real);
    await waitFor('outbox drained', async () => (await relay.repository.countUnpublished()) === 0, { timeoutMs: 15_000, intervalMs: 100 });
    await assertDelivered(ids, 5);
  });

  it('an intermittently failing connection loses nothing and reorders nothing', async () => {
    let n = 0;
    relay.publishVia(async (subject, bytes, msgId) => {
      n += 1;
      if (n % 3 === 0) throw new Error('flaky (simulated)');
      await real(subject, bytes, msgId);
    });
    const ids = await churn('flaky', 5, 4);
    await waitFor('outbox drained', async () => (await relay.repository.countUnpublished()) === 0, { timeoutMs: 20_000, intervalMs: 100 });
    relay.publishVia(real);
    await assertDelivered(ids, 6);
  });

  it('a row published twice (crash between publish and mark) is deduplicated by its event id', async () => {
    const created = await h.api('POST', `/api/v1/workspaces/${ws}/api-keys`, { token: h.adminToken, body: { name: 'dedup' } });
    await waitFor('published', async () => (await relay.repository.countUnpublished()) === 0);
    await h.db.outboxEvent.updateMany({ where: { aggregateId: created.body.id }, data: { publishedAt: null } });
    relay.kick();
    await waitFor('re-published', async () => (await relay.repository.countUnpublished()) === 0);
    const copies = (await readControlStream(h.nc, h.namespace)).filter((e) => e.env.aggregateId === created.body.id);
    assert.equal(copies.length, 1);
  });

  it('outbox rows hold the validated envelope and never a secret', async () => {
    const created = await h.api('POST', `/api/v1/workspaces/${ws}/api-keys`, { token: h.adminToken, body: { name: 'secretless' } });
    const row = await h.db.outboxEvent.findFirstOrThrow({ where: { aggregateId: created.body.id } });
    assert.equal(row.subject, 'sy.apikey.changed');
    assert.equal(row.aggregateType, 'apikey');
    assert.ok(!JSON.stringify(row.payload).includes(created.body.key));
  });
});
