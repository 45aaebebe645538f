import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Controller, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventPattern, MessagePattern } from '@nestjs/microservices';
import type { JetStreamManager, NatsConnection as RawNatsConnection } from 'nats';
import { namespacedStream, Streams } from '@switchyard/contracts';
import { getFreePort, natsNamespace, sleep, waitFor } from '@switchyard/testing';
import { ensureStreams, EventPublisher, JetStreamServer, MessagingError, NatsConnection } from '../src';
import { deleteStreams, NATS_URL, rawConnection, routeChanged, testLogger } from './support/fixtures';
import { startConsumerApp, type ConsumerApp } from './support/event-consumer-app';
import { TcpProxy } from './support/tcp-proxy';

@Controller()
class SignalController {
  @EventPattern('syx.signal.outcome')
  onOutcome(): void {}
}

@Controller()
class RpcController {
  @MessagePattern('sy.route.changed')
  onRpc(): string {
    return 'never';
  }
}

describe('JetStreamServer resilience', () => {
  const ns = natsNamespace('jsres');
  let raw: RawNatsConnection;
  let jsm: JetStreamManager;
  let conn: NatsConnection;
  let publisher: EventPublisher;
  const apps: ConsumerApp[] = [];
  const proxies: TcpProxy[] = [];

  before(async () => {
    raw = await rawConnection();
    jsm = await raw.jetstreamManager();
    await ensureStreams(jsm, [Streams.Control, Streams.DeadLetter], ns);
    conn = await NatsConnection.connect({ url: NATS_URL, name: 'publisher', service: 'registry', namespace: ns, logger: testLogger() });
    publisher = new EventPublisher(conn);
  });
  after(async () => {
    for (const a of apps) await a.app.close();
    for (const p of proxies) await p.stop();
    await conn.close();
    await deleteStreams(raw, ns);
    await raw.close();
  });

  it('keeps consuming across a lost connection (NATS behind a TCP relay that goes away and comes back)', async () => {
    const proxy = new TcpProxy(await getFreePort(), { host: '127.0.0.1', port: Number(new URL(NATS_URL).port || 4222) });
    proxies.push(proxy);
    await proxy.start();
    const seen: string[] = [];
    const app = await startConsumerApp(
      { namespace: ns, durable: 'through-proxy', reconnectTimeWaitMs: 100, provisionStreams: false },
      { route: (env) => void seen.push(env.aggregateId) },
    );
    apps.push(app);
    // startConsumerApp uses NATS_URL; point a second server at the relay instead
    const relayed = new JetStreamServer({ url: proxy.url, namespace: ns, service: 'relayed', durable: 'relayed', reconnectTimeWaitMs: 100, logger: testLogger() });
    const relayedSeen: string[] = [];
    const relayedApp = await startWithServer(relayed, (id) => relayedSeen.push(id));
    await publisher.publish(routeChanged(1));
    await waitFor('first event through the relay', () => relayedSeen.length === 1 && seen.length === 1);

    await proxy.stop();
    await waitFor('relayed consumer disconnected', () => !relayed.isConnected());
    await publisher.publish(routeChanged(2));
    await publisher.publish(routeChanged(3));
    await sleep(200);
    assert.equal(relayedSeen.length, 1);

    await proxy.start();
    await waitFor('relayed consumer back', () => relayed.isConnected(), { timeoutMs: 10_000 });
    await waitFor('missed events delivered after reconnect', () => relayedSeen.length === 3, { timeoutMs: 20_000 });
    assert.deepEqual(relayedSeen, ['r_1', 'r_2', 'r_3']);
    await relayedApp.close();
  });

  it('recreates its consumer when the consumer is deleted under it', async () => {
    const seen: string[] = [];
    const app = await startConsumerApp({ namespace: ns, service: 'gateway', provisionStreams: false, consumerCheckMs: 100 }, { route: (env) => void seen.push(env.aggregateId) });
    apps.push(app);
    let recreated = 0;
    app.server.on('consumer-recreated', () => (recreated += 1));
    const stream = namespacedStream(ns, Streams.Control).name;
    const before = app.server.consumer;
    assert.ok(before);
    await jsm.consumers.delete(stream, before);
    await waitFor('consumer recreated', () => recreated === 1 && app.server.consumer !== before, { timeoutMs: 10_000 });
    await publisher.publish(routeChanged(10));
    await waitFor('event after recreation', () => seen.includes('r_10'));
  });

  it('refuses an @EventPattern outside the control stream and ignores @MessagePattern', async () => {
    @Module({ controllers: [SignalController] })
    class BadModule {}
    const bad = await NestFactory.createMicroservice(BadModule, {
      strategy: new JetStreamServer({ url: NATS_URL, namespace: ns, service: 'bad', logger: testLogger() }),
      logger: false,
    });
    await assert.rejects(bad.listen(), (e: unknown) => e instanceof MessagingError && /syx\.signal\.outcome/.test(e.message));
    await bad.close();

    @Module({ controllers: [RpcController] })
    class RpcModule {}
    const server = new JetStreamServer({ url: NATS_URL, namespace: ns, service: 'rpc', logger: testLogger(), provisionStreams: false });
    const rpc = await NestFactory.createMicroservice(RpcModule, { strategy: server, logger: false });
    await rpc.listen();
    assert.equal(server.consumer, undefined);
    await rpc.close();
  });
});

/** A microservice around a given server with one route handler. */
async function startWithServer(server: JetStreamServer, onRoute: (aggregateId: string) => void) {
  @Controller()
  class RouteController {
    @EventPattern('sy.route.>')
    onRoute(env: { aggregateId: string }): void {
      onRoute(env.aggregateId);
    }
  }
  @Module({ controllers: [RouteController] })
  class RelayedModule {}
  const app = await NestFactory.createMicroservice(RelayedModule, { strategy: server, logger: false });
  await app.listen();
  return app;
}
