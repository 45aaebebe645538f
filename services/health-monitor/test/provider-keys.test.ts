import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sleep, waitFor } from '@switchyard/testing';
import type { UpstreamOutcomeSignal } from '@switchyard/contracts';
import { MonitorWorld } from './support/monitor-harness';

const COOLDOWN = 600;

describe('provider key cooldown (real NATS and Redis)', () => {
  const world = new MonitorWorld();
  const outcome = (keyId: string, ok: boolean, status?: number): UpstreamOutcomeSignal => ({
    instanceId: `provider-instance-${keyId}`,
    providerId: 'p1',
    providerKeyId: keyId,
    ok,
    status,
    errorKind: ok ? undefined : 'status',
    latencyMs: 40,
    at: Date.now(),
  });

  before(async () => {
    await world.start();
    await world.startMonitor({ PROVIDER_KEY_COOLDOWN_MS: String(COOLDOWN), PROVIDER_KEY_FAILURE_THRESHOLD: '3' });
    world.outcome(outcome('k1', true));
    world.outcome(outcome('k2', true));
    await world.waitForState('k1', 'healthy', 2_000);
    await world.waitForState('k2', 'healthy', 2_000);
  });

  after(async () => {
    await world.close();
  });

  it('does not cool a key down after one error', async () => {
    world.outcome(outcome('k1', false, 401));
    await waitFor('one failure recorded', async () => (await world.health.get('k1'))?.consecutiveFailures === 1);
    assert.equal((await world.health.get('k1'))?.state, 'healthy');
  });

  it('cools a failing key down while the provider\'s other key keeps serving, with InstanceUnhealthy', async () => {
    world.outcome(outcome('k1', false, 401));
    world.outcome(outcome('k1', false, 401));
    const rec = await world.waitForState('k1', 'ejected', 2_000);
    assert.equal(rec.deploymentId, 'provider:p1');
    assert.match(rec.reason ?? '', /key rejected/);
    const event = await waitFor('InstanceUnhealthy for k1', () => world.eventsOf('InstanceUnhealthy', 'k1')[0]);
    if (event.type !== 'InstanceUnhealthy') return;
    assert.equal(event.data.deploymentId, 'provider:p1');
    assert.equal(event.data.detectedBy, 'passive');
    assert.ok(event.data.ejectedUntil);
    assert.ok(world.changes.some((c) => c.instanceId === 'k1' && c.state === 'ejected'));
    // The other key failing too cannot take the provider's last key out of rotation (cap 50% of 2 keys = 1).
    for (let i = 0; i < 4; i++) world.outcome(outcome('k2', false, 429));
    await waitFor('k2 failures counted', async () => ((await world.health.get('k2'))?.consecutiveFailures ?? 0) >= 4);
    const k2 = await world.health.get('k2');
    assert.equal(k2?.state, 'healthy');
    assert.match(k2?.reason ?? '', /ejection cap/);
    world.outcome(outcome('k2', true));
    await waitFor('k2 back to 0 failures', async () => (await world.health.get('k2'))?.consecutiveFailures === 0);
  });

  it('restores the key when its cooldown ends (InstanceHealthy) and confirms it when it answers again', async () => {
    const rec = await world.waitForState('k1', 'healthy', COOLDOWN + 1_500);
    assert.match(rec.reason ?? '', /cooldown over/);
    const event = await waitFor('InstanceHealthy for k1', () => world.eventsOf('InstanceHealthy', 'k1')[0]);
    if (event.type !== 'InstanceHealthy') return;
    assert.equal(event.data.previousState, 'ejected');
    world.outcome(outcome('k1', true));
    await waitFor('k1 confirmed', async () => (await world.health.get('k1'))?.consecutiveFailures === 0);
  });

  it('cools a key that fails again for longer (back-off)', async () => {
    for (let i = 0; i < 3; i++) world.outcome(outcome('k1', false, 500));
    const rec = await world.waitForState('k1', 'ejected', 2_000);
    const events = world.eventsOf('InstanceUnhealthy', 'k1');
    await waitFor('second event', () => world.eventsOf('InstanceUnhealthy', 'k1').length === 2);
    const second = world.eventsOf('InstanceUnhealthy', 'k1')[1];
    assert.ok(events.length >= 1);
    const cooldown = Date.parse(rec.ejectedUntil!) - Date.parse(second.time);
    assert.ok(cooldown >= 2 * COOLDOWN - 50, `second cooldown ${cooldown} ms`);
    assert.equal(rec.ejections, 2);
  });

  it('ignores outcomes that are not the key\'s fault', async () => {
    world.outcome(outcome('k2', false, 400));
    world.outcome(outcome('k2', false, 404));
    await sleep(200);
    assert.equal((await world.health.get('k2'))?.consecutiveFailures, 0);
  });
});
