import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ReadinessRegistry } from './readiness.registry';

describe('ReadinessRegistry', () => {
  it('is not ready when a required dependency is down, naming it', async () => {
    const r = new ReadinessRegistry();
    r.register({ name: 'postgres', check: () => true });
    r.register({ name: 'nats', check: () => false });
    assert.deepEqual(await r.report(), { ready: false, checks: { postgres: 'up', nats: 'down' }, missing: ['nats'] });
  });

  it('stays ready when only an optional dependency is down, and still reports it', async () => {
    const r = new ReadinessRegistry();
    r.register({ name: 'registry-snapshot', check: () => true });
    r.register({ name: 'nats', check: () => false, required: false });
    r.register({ name: 'redis', check: () => Promise.reject(new Error('gone')), required: false });
    assert.deepEqual(await r.report(), { ready: true, checks: { 'registry-snapshot': 'up', nats: 'down', redis: 'down' }, missing: ['nats', 'redis'] });
  });

  it('counts a throwing check as down', async () => {
    const r = new ReadinessRegistry();
    r.register({ name: 'x', check: () => { throw new Error('boom'); } });
    assert.equal((await r.report()).ready, false);
  });
});
