import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { JetStreamManager, NatsConnection as RawNatsConnection, StoredMsg } from 'nats';
import { namespacedStream, Streams, type EventEnvelope } from '@switchyard/contracts';
import { natsNamespace, sleep, waitFor } from '@switchyard/testing';
import { DeadLetterHeaders, ensureStreams, EventPublisher, NatsConnection } from '../src';
import { deleteStreams, NATS_URL, rawConnection, routeChanged, scaled, testLogger } from './support/fixtures';
import { startConsumerApp, type ConsumerApp } from './support/event-consumer-app';

describe('JetStreamServer: @EventPattern handlers on a JetStream pull consumer', () => {
  let raw: RawNatsConnection;
  let jsm: JetStreamManager;
  const namespaces: string[] = [];
  const apps: ConsumerApp[] = [];
  const conns: NatsConnection[] = [];

  /** A fresh namespace with its streams and a publisher into it. */
  async function setup(label: string): Promise<{ ns: string; publisher: EventPublisher }> {
    const ns = natsNamespace(label);
    namespaces.push(ns);
    await ensureStreams(jsm, [Streams.Control, Streams.DeadLetter], ns);
    const conn = await NatsConnection.connect({ url: NATS_URL, name: 'publisher', service: 'registry', namespace: ns, logger: testLogger() });
    conns.push(conn);
    return { ns, publisher: new EventPublisher(conn) };
  }

  async function start(...args: Parameters<typeof startConsumerApp>): Promise<ConsumerApp> {
    const app = await startConsumerApp(...args);
    apps.push(app);
    return app;
  }

  async function deadLetters(ns: string): Promise<StoredMsg[]> {
    const stream = namespacedStream(ns, Streams.DeadLetter).name;
    const info = await jsm.streams.info(stream);
    const out: StoredMsg[] = [];
    for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq += 1) {
      out.push(await jsm.streams.getMessage(stream, { seq }));
    }
    return out;
  }

  before(async () => {
    raw = await rawConnection();
    jsm = await raw.jetstreamManager();
  });
  after(async () => {
    for (const a of apps) await a.app.close();
    for (const c of conns) await c.close();
    for (const ns of namespaces) await deleteStreams(raw, ns);
    await raw.close();
  });

  it('hands decoded envelopes to the handlers and acks each once, in order per aggregate', async () => {
    const { ns, publisher } = await setup('jsok');
    const seen: EventEnvelope[] = [];
    const routes: string[] = [];
    const consumer = await start({ namespace: ns, durable: 'gateway' }, {
      scaled: async (env, ctx) => {
        assert.equal(ctx.getSubject(), 'sy.deployment.scaled');
        await sleep(env.aggregateVersion % 3);
        seen.push(env);
      },
      route: (env) => void routes.push(env.aggregateId),
    });
    const sent = [...Array.from({ length: 10 }, (_, i) => scaled(i + 1, 'dep_a')), ...Array.from({ length: 5 }, (_, i) => scaled(i + 1, `dep_${i}`))];
    for (const env of sent) await publisher.publish(env);
    await publisher.publish(routeChanged(1));
    await publisher.publish(routeChanged(2));
    await waitFor('all events handled', () => seen.length === sent.length && routes.length === 2);
    assert.deepEqual(
      seen.filter((e) => e.aggregateId === 'dep_a').map((e) => e.aggregateVersion),
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
    );
    assert.deepEqual(new Set(seen.map((e) => e.id)), new Set(sent.map((e) => e.id)));
    assert.deepEqual(seen.find((e) => e.id === sent[0]?.id), sent[0]);
    const info = await waitFor('acks recorded', async () => {
      const ci = await jsm.consumers.info(namespacedStream(ns, Streams.Control).name, 'gateway');
      return ci.num_ack_pending === 0 && ci.num_pending === 0 ? ci : undefined;
    });
    assert.equal(info.num_redelivered, 0);
    assert.equal(info.delivered.stream_seq, sent.length + 2);
    await sleep(100);
    assert.equal(seen.length, sent.length);
    assert.equal(consumer.server.consumer, 'gateway');
  });

  it('redelivers after a throw, and dead-letters with headers after maxDeliver attempts', async () => {
    const { ns, publisher } = await setup('jsfail');
    const attempts = new Map<string, number[]>();
    await start({ namespace: ns, durable: 'scheduler', maxDeliver: 3 }, {
      route: (env, ctx) => {
        attempts.set(env.aggregateId, [...(attempts.get(env.aggregateId) ?? []), ctx.getDeliveryCount()]);
        if (env.aggregateId === 'r_1') throw new Error('handler bug\r\nInjected: header');
        if (env.aggregateId === 'r_2' && ctx.getDeliveryCount() < 3) throw new Error('transient');
      },
    });
    const poison = routeChanged(1);
    await publisher.publish(poison);
    await publisher.publish(routeChanged(2));
    const [letter] = await waitFor('one dead letter', async () => {
      const letters = await deadLetters(ns);
      return letters.length === 1 ? letters : undefined;
    });
    assert.deepEqual(attempts.get('r_1'), [1, 2, 3]);
    await waitFor('transient failure recovered', () => attempts.get('r_2')?.length === 3);
    assert.equal(letter?.subject, `${ns}.dlq.sy.route.changed`);
    assert.deepEqual(JSON.parse(new TextDecoder().decode(letter?.data)), poison);
    const h = letter?.header;
    assert.equal(h?.get(DeadLetterHeaders.Reason), 'handler-failed');
    assert.equal(h?.get(DeadLetterHeaders.Deliveries), '3');
    assert.equal(h?.get(DeadLetterHeaders.Subject), 'sy.route.changed');
    assert.equal(h?.get(DeadLetterHeaders.Consumer), 'scheduler');
    assert.equal(h?.get(DeadLetterHeaders.Service), 'consumer-test');
    assert.equal(h?.get(DeadLetterHeaders.Stream), namespacedStream(ns, Streams.Control).name);
    assert.ok(!/[\r\n]/.test(h?.get(DeadLetterHeaders.Error) ?? '\n'));
    const ci = await waitFor('poison terminated', async () => {
      const info = await jsm.consumers.info(namespacedStream(ns, Streams.Control).name, 'scheduler');
      return info.num_ack_pending === 0 ? info : undefined;
    });
    assert.equal(ci.num_pending, 0);
    await sleep(200);
    assert.equal(attempts.get('r_1')?.length, 3);
    assert.equal((await deadLetters(ns)).length, 1);
  });

  it('dead-letters undecodable bytes and envelopes on the wrong subject at once', async () => {
    const { ns, publisher } = await setup('jsgarb');
    let calls = 0;
    await start({ namespace: ns, durable: 'billing' }, { scaled: () => void (calls += 1), route: () => void (calls += 1) });
    const js = raw.jetstream();
    const garbage = [
      new TextEncoder().encode('{"id":'),
      new Uint8Array([0xff, 0xfe, 0x00, 0x01]),
      new TextEncoder().encode(JSON.stringify({ ...routeChanged(1), data: { routeId: 7 } })),
      new TextEncoder().encode('{"__proto__":{"polluted":true},"id":"x"}'),
    ];
    for (const bytes of garbage) await js.publish(`${ns}.sy.route.changed`, bytes);
    // a valid DeploymentScaled envelope published on the route subject: the subject and the type disagree
    await js.publish(`${ns}.sy.route.deleted`, new TextEncoder().encode(JSON.stringify(scaled(1))));
    await publisher.publish(routeChanged(9));
    const letters = await waitFor('five dead letters', async () => {
      const l = await deadLetters(ns);
      return l.length === 5 ? l : undefined;
    });
    assert.equal(calls, 1);
    for (const letter of letters) {
      assert.equal(letter.header.get(DeadLetterHeaders.Reason), 'undecodable');
      assert.equal(letter.header.get(DeadLetterHeaders.Deliveries), '1');
    }
    assert.deepEqual([...letters[1]!.data], [0xff, 0xfe, 0x00, 0x01]);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('resumes a durable consumer after a restart without redelivering what was acked', async () => {
    const { ns, publisher } = await setup('jsdur');
    const first: number[] = [];
    const a = await start({ namespace: ns, durable: 'health-monitor' }, { scaled: (env) => void first.push(env.aggregateVersion) });
    for (let i = 1; i <= 3; i += 1) await publisher.publish(scaled(i));
    await waitFor('first three', () => first.length === 3);
    await a.app.close();
    apps.splice(apps.indexOf(a), 1);
    for (let i = 4; i <= 5; i += 1) await publisher.publish(scaled(i));
    const second: number[] = [];
    await start({ namespace: ns, durable: 'health-monitor' }, { scaled: (env) => void second.push(env.aggregateVersion) });
    await waitFor('the two new ones', () => second.length === 2);
    await sleep(200);
    assert.deepEqual(first, [1, 2, 3]);
    assert.deepEqual(second, [4, 5]);
  });

  it('shares the work between two replicas with the same durable', async () => {
    const { ns, publisher } = await setup('jsshare');
    const byReplica: string[][] = [[], []];
    for (const i of [0, 1]) {
      await start({ namespace: ns, durable: 'scheduler', concurrency: 2 }, {
        scaled: async (env) => {
          await sleep(5);
          byReplica[i]!.push(env.id);
        },
      });
    }
    const sent = Array.from({ length: 60 }, (_, i) => scaled(1, `dep_${i}`));
    await Promise.all(sent.map((e) => publisher.publish(e)));
    await waitFor('all handled', () => byReplica[0]!.length + byReplica[1]!.length >= sent.length, { timeoutMs: 15_000 });
    await sleep(200);
    const all = [...byReplica[0]!, ...byReplica[1]!];
    assert.equal(all.length, sent.length, 'each event handled exactly once');
    assert.deepEqual(new Set(all), new Set(sent.map((e) => e.id)));
    assert.ok(byReplica[0]!.length > 0 && byReplica[1]!.length > 0, `split ${byReplica[0]!.length}/${byReplica[1]!.length}`);
  });

  it('gives every ephemeral consumer every event, and removes the consumers on close', async () => {
    const { ns, publisher } = await setup('jseph');
    const seen: string[][] = [[], []];
    const replicas: ConsumerApp[] = [];
    for (const i of [0, 1]) {
      replicas.push(await start({ namespace: ns, service: 'gateway' }, { route: (env) => void seen[i]!.push(env.id) }));
    }
    const sent = Array.from({ length: 5 }, (_, i) => routeChanged(i));
    for (const env of sent) await publisher.publish(env);
    await waitFor('both saw all', () => seen[0]!.length === 5 && seen[1]!.length === 5);
    assert.deepEqual(seen[0], sent.map((e) => e.id));
    assert.deepEqual(seen[1], sent.map((e) => e.id));
    const stream = namespacedStream(ns, Streams.Control).name;
    assert.equal((await jsm.consumers.list(stream).next()).length, 2);
    for (const r of replicas) {
      await r.app.close();
      apps.splice(apps.indexOf(r), 1);
    }
    assert.equal((await jsm.consumers.list(stream).next()).length, 0);
  });

  it('refuses to start with an @EventPattern outside the control stream or a bad durable name', async () => {
    const ns = natsNamespace('jsbad');
    namespaces.push(ns);
    await assert.rejects(start({ namespace: ns, durable: 'bad.name' }), /invalid durable consumer name/);
    await assert.rejects(start({ namespace: ns, durable: 'x>' }), /invalid durable consumer name/);
  });
});
