import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { INestApplicationContext } from '@nestjs/common';
import type { NatsConnection as RawNatsConnection } from 'nats';
import { ContractError, namespacedStream, Streams, type EventEnvelope } from '@switchyard/contracts';
import { ReadinessRegistry } from '@switchyard/service-kit';
import { getFreePort, natsNamespace, waitFor } from '@switchyard/testing';
import { EventPublisher, MessagingError, NatsConnection, PublishError, SignalBus } from '../src';
import { deleteStreams, NATS_URL, rawConnection, scaled, testLogger } from './support/fixtures';
import { createMessagingApp } from './support/messaging-app';
import { TcpProxy } from './support/tcp-proxy';

describe('MessagingModule: connection, publisher, readiness', () => {
  const namespace = natsNamespace('msgmod');
  let app: INestApplicationContext;
  let raw: RawNatsConnection;

  before(async () => {
    raw = await rawConnection();
    app = await createMessagingApp({ namespace, streams: [Streams.Control, Streams.DeadLetter] });
  });
  after(async () => {
    await app.close();
    await deleteStreams(raw, namespace);
    await raw.close();
  });

  it('connects, names itself, namespaces subjects and reports ready', async () => {
    const conn = app.get(NatsConnection);
    assert.equal(conn.isConnected(), true);
    assert.equal(conn.namespace, namespace);
    assert.equal(conn.service, 'messaging-test');
    assert.equal(conn.subject('sy.route.changed'), `${namespace}.sy.route.changed`);
    const report = await app.get(ReadinessRegistry).report();
    assert.equal(report.checks.nats, 'up');
  });

  it('provisions the namespaced streams at init', async () => {
    const jsm = await raw.jetstreamManager();
    const info = await jsm.streams.info(namespacedStream(namespace, Streams.Control).name);
    assert.deepEqual(info.config.subjects, [`${namespace}.sy.>`]);
    await jsm.streams.info(namespacedStream(namespace, Streams.DeadLetter).name);
  });

  it('publishes an event to its namespaced subject, deduplicated by event id', async () => {
    const publisher = app.get(EventPublisher);
    const env = scaled(1);
    await publisher.publish(env);
    const again = await publisher.publishRaw('sy.deployment.scaled', new TextEncoder().encode(JSON.stringify(env)), env.id);
    assert.equal(again.duplicate, true);
    const jsm = await raw.jetstreamManager();
    const stream = namespacedStream(namespace, Streams.Control).name;
    const info = await jsm.streams.info(stream);
    assert.equal(info.state.messages, 1);
    const stored = await jsm.streams.getMessage(stream, { last_by_subj: `${namespace}.sy.deployment.scaled` });
    assert.equal(stored.header.get('Nats-Msg-Id'), env.id);
    assert.deepEqual(JSON.parse(new TextDecoder().decode(stored.data)), env);
  });

  it('emit() builds the envelope with the service as source', async () => {
    const env = await app.get(EventPublisher).emit(
      'DeploymentStopped',
      { deploymentId: 'dep_9', reason: 'maintenance', requestedBy: 'u' },
      { workspaceId: 'ws_1', aggregateId: 'dep_9', aggregateVersion: 4 },
    );
    assert.equal(env.source, 'messaging-test');
    const jsm = await raw.jetstreamManager();
    const stored = await jsm.streams.getMessage(namespacedStream(namespace, Streams.Control).name, {
      last_by_subj: `${namespace}.sy.deployment.stopped`,
    });
    assert.equal(JSON.parse(new TextDecoder().decode(stored.data)).id, env.id);
  });

  it('refuses an envelope that breaks the contract (not retryable) and never publishes it', async () => {
    const bad = { ...scaled(2), data: { deploymentId: 'd', toReplicas: 'many', secretKey: 'sk-123' } } as unknown as EventEnvelope;
    await assert.rejects(app.get(EventPublisher).publish(bad), (e: unknown) => e instanceof ContractError && !e.retryable);
  });

  it('refuses an invalid namespace before connecting', async () => {
    await assert.rejects(
      NatsConnection.connect({ url: NATS_URL, name: 'x', service: 'x', namespace: 'a.b', logger: testLogger() }),
      /invalid namespace/,
    );
  });

  it('rejects with a retryable PublishError when no stream captures the subject', async () => {
    const ns2 = natsNamespace('nostream');
    const other = await NatsConnection.connect({ url: NATS_URL, name: 'x', service: 'x', namespace: ns2, logger: testLogger() });
    try {
      const publisher = new EventPublisher(other);
      await assert.rejects(publisher.publish(scaled(3)), (e: unknown) => e instanceof PublishError && e.retryable);
    } finally {
      await other.close();
    }
  });
});

describe('MessagingModule: readiness follows the connection (NATS behind a TCP relay)', () => {
  const namespace = natsNamespace('msgready');
  let proxy: TcpProxy;
  let app: INestApplicationContext;
  let raw: RawNatsConnection;

  before(async () => {
    raw = await rawConnection();
    proxy = new TcpProxy(await getFreePort(), { host: '127.0.0.1', port: Number(new URL(NATS_URL).port || 4222) });
    await proxy.start();
    app = await createMessagingApp({ namespace, url: proxy.url, streams: [Streams.Control], reconnectTimeWaitMs: 100 });
  });
  after(async () => {
    await app.close();
    await proxy.stop();
    await deleteStreams(raw, namespace);
    await raw.close();
  });

  it('goes down when the connection drops, comes back with it, and publishing works again', async () => {
    const readiness = app.get(ReadinessRegistry);
    const publisher = app.get(EventPublisher);
    const signals = app.get(SignalBus);
    assert.equal((await readiness.report()).checks.nats, 'up');

    await proxy.stop();
    await waitFor('readiness down', async () => (await readiness.report()).checks.nats === 'down');
    await assert.rejects(publisher.publish(scaled(1)), (e: unknown) => e instanceof MessagingError && e.retryable);
    assert.doesNotThrow(() => signals.signal('PoolChanged', { deploymentId: 'd', version: 1 }));

    await proxy.start();
    await waitFor('readiness up', async () => (await readiness.report()).checks.nats === 'up', { timeoutMs: 10_000 });
    await publisher.publish(scaled(2));
    const jsm = await raw.jetstreamManager();
    const info = await jsm.streams.info(namespacedStream(namespace, Streams.Control).name);
    assert.equal(info.state.messages, 1);
  });

  it('reports down after the connection is closed', async () => {
    const conn = app.get(NatsConnection);
    await conn.close();
    assert.equal(conn.isConnected(), false);
    assert.equal((await app.get(ReadinessRegistry).report()).checks.nats, 'down');
  });
});
