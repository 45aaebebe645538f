import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { JetStreamManager, NatsConnection as RawNatsConnection } from 'nats';
import { nanos } from 'nats';
import { namespacedStream, Streams, type StreamDefinition } from '@switchyard/contracts';
import { natsNamespace } from '@switchyard/testing';
import { ensureStreams, MessagingError } from '../src';
import { deleteStreams, rawConnection } from './support/fixtures';

describe('ensureStreams against JetStream', () => {
  const namespace = natsNamespace('prov');
  let nc: RawNatsConnection;
  let jsm: JetStreamManager;

  before(async () => {
    nc = await rawConnection();
    jsm = await nc.jetstreamManager();
  });
  after(async () => {
    await deleteStreams(nc, namespace);
    await nc.close();
  });

  it('creates the namespaced streams, then finds them unchanged (idempotent)', async () => {
    const defs = [Streams.Control, Streams.Usage, Streams.DeadLetter];
    const first = await ensureStreams(jsm, defs, namespace);
    assert.deepEqual(first.map((r) => r.action), ['created', 'created', 'created']);
    assert.deepEqual(first.map((r) => r.name), defs.map((d) => `${namespace}_${d.name}`));
    const second = await ensureStreams(jsm, defs, namespace);
    assert.deepEqual(second.map((r) => r.action), ['unchanged', 'unchanged', 'unchanged']);
    const info = await jsm.streams.info(namespacedStream(namespace, Streams.Control).name);
    assert.deepEqual(info.config.subjects, [`${namespace}.sy.>`]);
    assert.equal(info.config.duplicate_window, nanos(Streams.Control.duplicateWindowSeconds * 1000));
    assert.equal(info.config.max_age, nanos(Streams.Control.maxAgeSeconds * 1000));
  });

  it('updates a stream whose definition changed, keeping its messages', async () => {
    const name = namespacedStream(namespace, Streams.Control).name;
    await nc.jetstream().publish(`${namespace}.sy.route.changed`, new Uint8Array([1]));
    const changed: StreamDefinition = { ...Streams.Control, maxAgeSeconds: 3600, description: 'shorter' };
    const [result] = await ensureStreams(jsm, [changed], namespace);
    assert.equal(result?.action, 'updated');
    const info = await jsm.streams.info(name);
    assert.equal(info.config.max_age, nanos(3600 * 1000));
    assert.equal(info.config.description, 'shorter');
    assert.equal(info.state.messages, 1);
    const [back] = await ensureStreams(jsm, [Streams.Control], namespace);
    assert.equal(back?.action, 'updated');
  });

  it('survives replicas provisioning the same new streams at once', async () => {
    const ns = natsNamespace('provrace');
    try {
      const results = await Promise.all(Array.from({ length: 5 }, () => ensureStreams(jsm, [Streams.Control], ns)));
      const actions = results.map((r) => r[0]?.action);
      assert.ok(actions.includes('created'));
      assert.ok(actions.every((a) => a === 'created' || a === 'unchanged'));
    } finally {
      await deleteStreams(nc, ns);
    }
  });

  it('refuses a stream whose subjects overlap an existing one, with a MessagingError', async () => {
    const overlapping: StreamDefinition = { ...Streams.Control, name: 'SY_OVERLAP', subjects: ['sy.route.>'] };
    await assert.rejects(ensureStreams(jsm, [overlapping], namespace), (e: unknown) => e instanceof MessagingError);
  });

  it('refuses an invalid namespace before talking to NATS', async () => {
    await assert.rejects(ensureStreams(jsm, [Streams.Control], 'bad ns.>'), /invalid namespace/);
  });
});
