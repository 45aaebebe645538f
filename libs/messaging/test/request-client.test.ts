import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { INestApplicationContext } from '@nestjs/common';
import { headers as natsHeaders, type NatsConnection as RawNatsConnection } from 'nats';
import {
  authorizeCredentialsRequest,
  ContractError,
  decodeRegistrySnapshot,
  isRequestErrorReply,
  REGISTRY_SNAPSHOT_SCHEMA_VERSION,
  type RegistrySnapshot,
} from '@switchyard/contracts';
import { natsNamespace } from '@switchyard/testing';
import { ERROR_REPLY_HEADER, MessagingError, NatsConnection, RequestClient, RequestError } from '../src';
import { rawConnection } from './support/fixtures';
import { createMessagingApp } from './support/messaging-app';

/** The credentials request must carry a proof of a token; these tests exercise request/reply, not the proof. */
const TOKEN = 'request-client-test-token-0123';

const emptySnapshot = (version: number): RegistrySnapshot => ({
  schemaVersion: REGISTRY_SNAPSHOT_SCHEMA_VERSION,
  version,
  generatedAt: new Date().toISOString(),
  workspaces: [],
  apiKeys: [],
  providers: [],
  models: [],
  prices: [],
  deployments: [],
  routes: [],
});

const json = (bytes: Uint8Array): unknown => JSON.parse(new TextDecoder().decode(bytes));

describe('RequestClient request/reply', () => {
  const namespace = natsNamespace('reqrep');
  let registry: INestApplicationContext;
  let registry2: INestApplicationContext;
  let gateway: INestApplicationContext;
  let raw: RawNatsConnection;
  const stops: Array<() => Promise<void>> = [];
  const served: string[] = [];

  before(async () => {
    raw = await rawConnection();
    [registry, registry2, gateway] = await Promise.all([
      createMessagingApp({ namespace, service: 'registry' }),
      createMessagingApp({ namespace, service: 'registry' }),
      createMessagingApp({ namespace, service: 'gateway' }),
    ]);
    for (const [i, app] of [registry, registry2].entries()) {
      stops.push(
        app.get(RequestClient).serve('RegistrySnapshot', async (req, headers) => {
          served.push(`r${i}`);
          if (req.minVersion === 999) throw new MessagingError('not at version 999 yet', {}, { retryable: true });
          if (req.minVersion === 666) throw new Error('connect ECONNREFUSED postgresql://admin:hunter2@db');
          if (req.minVersion === 555) await new Promise((r) => setTimeout(r, 1_000));
          if (headers['x-echo']) return { echoed: headers['x-echo'] };
          return new TextEncoder().encode(JSON.stringify(emptySnapshot(req.minVersion ?? 1)));
        }),
      );
      await app.get(NatsConnection).nc().flush();
    }
  });
  after(async () => {
    for (const stop of stops) await stop();
    await Promise.all([registry.close(), registry2.close(), gateway.close()]);
    await raw.close();
  });

  it('answers with the bytes the handler returned; replicas of the server share requests', async () => {
    const client = gateway.get(RequestClient);
    served.length = 0;
    for (let i = 0; i < 20; i += 1) {
      const snapshot = decodeRegistrySnapshot(await client.request('RegistrySnapshot', { requester: 'gateway', minVersion: 5 }));
      assert.equal(snapshot.version, 5);
    }
    assert.equal(served.length, 20);
    assert.ok(served.includes('r0') && served.includes('r1'), `both replicas served: ${served.join(',')}`);
  });

  it('passes headers to the handler and JSON-encodes an object reply', async () => {
    const reply = await gateway.get(RequestClient).request('RegistrySnapshot', { requester: 'gateway' }, { headers: { 'x-echo': 'hi' } });
    assert.deepEqual(json(reply), { echoed: 'hi' });
  });

  it('answers a throwing handler with a RequestErrorReply the decoders understand', async () => {
    const reply = await gateway.get(RequestClient).request('RegistrySnapshot', { requester: 'gateway', minVersion: 999 });
    const body = json(reply);
    assert.ok(isRequestErrorReply(body));
    assert.deepEqual(body, { error: { code: 'MessagingError', message: 'not at version 999 yet', retryable: true } });
    assert.throws(() => decodeRegistrySnapshot(reply), (e: unknown) => e instanceof ContractError && e.retryable);
  });

  it('never sends the message of an unexpected error (it may carry a secret)', async () => {
    const reply = await gateway.get(RequestClient).request('RegistrySnapshot', { requester: 'gateway', minVersion: 666 });
    const text = new TextDecoder().decode(reply);
    assert.ok(!text.includes('hunter2'));
    assert.deepEqual(JSON.parse(text), { error: { code: 'internal', message: 'internal error', retryable: true } });
  });

  it('answers garbage requests with a non-retryable bad_request error and a header', async () => {
    const subject = `${namespace}.syx.req.registry.snapshot`;
    for (const garbage of ['{"requester', '42', '[]', '']) {
      const msg = await raw.request(subject, new TextEncoder().encode(garbage), { timeout: 2_000 });
      assert.equal(msg.headers?.get(ERROR_REPLY_HEADER), 'bad_request');
      assert.deepEqual(json(msg.data), { error: { code: 'bad_request', message: 'request is not a JSON object', retryable: false } });
    }
    const h = natsHeaders();
    h.set('x-echo', 'raw');
    const ok = await raw.request(subject, new TextEncoder().encode('{"requester":"raw"}'), { timeout: 2_000, headers: h });
    assert.deepEqual(json(ok.data), { echoed: 'raw' });
  });

  it('rejects with a retryable RequestError on timeout', async () => {
    await assert.rejects(
      gateway.get(RequestClient).request('RegistrySnapshot', { requester: 'gateway', minVersion: 555 }, { timeoutMs: 100 }),
      (e: unknown) => e instanceof RequestError && e.code === 'timeout' && e.retryable,
    );
  });

  it('rejects with a retryable RequestError when nobody answers', async () => {
    await assert.rejects(
      gateway.get(RequestClient).request('ProviderCredentials', { requester: 'gateway', providerId: 'p', auth: authorizeCredentialsRequest(TOKEN, 'gateway', 'p') }, { timeoutMs: 1_000 }),
      (e: unknown) => e instanceof RequestError && e.code === 'no_responders' && e.retryable,
    );
  });

  it('stops answering once the serve subscription is drained', async () => {
    const app = await createMessagingApp({ namespace, service: 'solo' });
    try {
      const stop = app.get(RequestClient).serve('ProviderCredentials', async (req) => ({ providerId: req.providerId, keys: [] }));
      await app.get(NatsConnection).nc().flush();
      const reply = await gateway.get(RequestClient).request('ProviderCredentials', { requester: 'gateway', providerId: 'p1', auth: authorizeCredentialsRequest(TOKEN, 'gateway', 'p1') });
      assert.deepEqual(json(reply), { providerId: 'p1', keys: [] });
      await stop();
      await stop();
      await assert.rejects(
        gateway.get(RequestClient).request('ProviderCredentials', { requester: 'gateway', providerId: 'p1', auth: authorizeCredentialsRequest(TOKEN, 'gateway', 'p1') }, { timeoutMs: 500 }),
        (e: unknown) => e instanceof RequestError,
      );
    } finally {
      await app.close();
    }
  });

  it('rejects with an unavailable RequestError once the connection is closed', async () => {
    const app = await createMessagingApp({ namespace, service: 'closing' });
    await app.get(NatsConnection).close();
    await assert.rejects(
      app.get(RequestClient).request('RegistrySnapshot', { requester: 'x' }),
      (e: unknown) => e instanceof RequestError && e.code === 'unavailable',
    );
    await app.close();
  });
});
