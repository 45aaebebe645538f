import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { INestApplicationContext } from '@nestjs/common';
import type { NatsConnection as RawNatsConnection } from 'nats';
import type { PoolChangedSignal } from '@switchyard/contracts';
import { natsNamespace, sleep, waitFor } from '@switchyard/testing';
import { MAX_SIGNAL_BYTES, NatsConnection, SignalBus } from '../src';
import { rawConnection } from './support/fixtures';
import { createMessagingApp } from './support/messaging-app';

describe('SignalBus on core NATS', () => {
  const namespace = natsNamespace('signals');
  let a: INestApplicationContext;
  let b: INestApplicationContext;
  let raw: RawNatsConnection;

  before(async () => {
    raw = await rawConnection();
    [a, b] = await Promise.all([
      createMessagingApp({ namespace, service: 'scheduler' }),
      createMessagingApp({ namespace, service: 'gateway' }),
    ]);
  });
  // A subscription is live once its connection's flush returns.
  const flushAll = () => Promise.all([a.get(NatsConnection).nc().flush(), b.get(NatsConnection).nc().flush()]);
  after(async () => {
    await Promise.all([a.close(), b.close()]);
    await raw.close();
  });

  it('delivers a signal to every plain subscriber, under the namespace', async () => {
    const seen: PoolChangedSignal[] = [];
    const off = b.get(SignalBus).on('PoolChanged', (p) => seen.push(p));
    const rawSeen: string[] = [];
    const rawSub = raw.subscribe(`${namespace}.syx.pool.changed`, { callback: (_e, m) => rawSeen.push(m.subject) });
    await raw.flush();
    await flushAll();
    a.get(SignalBus).signal('PoolChanged', { deploymentId: 'dep_1', version: 7 });
    await waitFor('signal received', () => seen.length === 1 && rawSeen.length === 1);
    assert.deepEqual(seen[0], { deploymentId: 'dep_1', version: 7 });
    off();
    rawSub.unsubscribe();
  });

  it('shares signals within a queue group', async () => {
    const counts = [0, 0];
    const offs = [
      a.get(SignalBus).on('HealthChanged', () => (counts[0] += 1), { queue: 'hm' }),
      b.get(SignalBus).on('HealthChanged', () => (counts[1] += 1), { queue: 'hm' }),
    ];
    await flushAll();
    for (let i = 0; i < 40; i += 1) {
      a.get(SignalBus).signal('HealthChanged', { instanceId: `i${i}`, deploymentId: 'd', state: 'healthy', at: Date.now() });
    }
    await waitFor('all 40 signals', () => counts[0]! + counts[1]! === 40);
    await sleep(50);
    assert.equal(counts[0]! + counts[1]!, 40);
    offs.forEach((off) => off());
  });

  it('drops malformed, non-object, oversized signals and survives a throwing handler', async () => {
    const seen: PoolChangedSignal[] = [];
    let calls = 0;
    const off = b.get(SignalBus).on('PoolChanged', (p) => {
      calls += 1;
      if (p.deploymentId === 'boom') throw new Error('handler bug');
      seen.push(p);
    });
    await flushAll();
    const subject = `${namespace}.syx.pool.changed`;
    raw.publish(subject, new TextEncoder().encode('{"truncated'));
    raw.publish(subject, new TextEncoder().encode('[1,2,3]'));
    raw.publish(subject, new TextEncoder().encode('null'));
    raw.publish(subject, new Uint8Array(MAX_SIGNAL_BYTES + 1).fill(0x20));
    a.get(SignalBus).signal('PoolChanged', { deploymentId: 'boom', version: 1 });
    a.get(SignalBus).signal('PoolChanged', { deploymentId: 'ok', version: 2 });
    await waitFor('good signal after the bad ones', () => seen.length === 1);
    assert.equal(calls, 2);
    assert.equal(seen[0]?.deploymentId, 'ok');
    off();
  });

  it('never throws when sending something that cannot be serialised or is too large', () => {
    const circular: Record<string, unknown> = { deploymentId: 'x' };
    circular.self = circular;
    const bus = a.get(SignalBus);
    assert.doesNotThrow(() => bus.signal('PoolChanged', circular as unknown as PoolChangedSignal));
    assert.doesNotThrow(() =>
      bus.signal('PoolChanged', { deploymentId: 'x'.repeat(MAX_SIGNAL_BYTES), version: 1 }),
    );
  });
});
