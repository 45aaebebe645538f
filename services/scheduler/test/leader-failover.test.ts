import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { StaleLeaderError } from '@switchyard/pool-state';
import type { RunningService } from '@switchyard/service-kit';
import { waitFor } from '@switchyard/testing';
import { deployment } from './support/deployment.fixture';
import { SchedulerHarness } from './support/scheduler.harness';

interface Status { id: string; leader: boolean; fence: number }
const status = async (s: RunningService): Promise<Status> => (await fetch(`${s.url}/api/v1/scheduler/status`)).json() as Promise<Status>;
const alive = (url: string) => fetch(url.replace(/\/v1$/, '/health')).then((r) => r.ok, () => false);

describe('leader election: one active scheduler, failover, fencing', () => {
  const h = new SchedulerHarness('21050-21099');
  let a: RunningService;
  let b: RunningService;

  before(async () => {
    await h.setup();
    a = await h.startScheduler({ SCHEDULER_ID: 'sched-a' });
    await waitFor('a leads', async () => (await status(a)).leader, { timeoutMs: 5_000 });
    b = await h.startScheduler({ SCHEDULER_ID: 'sched-b' });
  });
  after(() => h.teardown());

  it('has exactly one leader, and the follower does not act', async () => {
    await h.create(deployment('dep_f', { replicas: 2 }));
    await waitFor('2 active', async () => (await h.members('dep_f')).length === 2, { timeoutMs: 30_000 });
    assert.equal((await status(a)).leader, true);
    assert.equal((await status(b)).leader, false);
    assert.equal((await status(b)).fence, 0);
    const res = await fetch(`${b.url}/api/v1/deployments/dep_f/rollout/pause`, { method: 'POST' });
    assert.equal(res.status, 503, 'commands go to the leader');
  });

  it('fails over when the leader stops: the other takes over within seconds and resumes the work', async () => {
    const oldFence = (await status(a)).fence;
    const oldMembers = await h.members('dep_f');
    const stoppedAt = Date.now();
    await h.stopScheduler(a);
    await waitFor('b leads', async () => (await status(b)).leader, { timeoutMs: 5_000 });
    assert.ok(Date.now() - stoppedAt < 5_000, 'took over within seconds');
    const newFence = (await status(b)).fence;
    assert.ok(newFence > oldFence);
    // The new leader replaces the stopped leader's instances with its own.
    await waitFor('2 new active members that answer', async () => {
      const members = await h.members('dep_f');
      if (members.length !== 2 || members.some((m) => oldMembers.some((o) => o.instanceId === m.instanceId))) return false;
      return (await Promise.all(members.map((m) => alive(m.url)))).every(Boolean);
    }, { timeoutMs: 30_000 });
    // A write carrying the former leader's fencing token is refused.
    await assert.rejects(
      h.pools.write(oldFence, { deploymentId: 'dep_f', workspaceId: 'ws_test', status: 'stopped', members: [] }),
      (e: unknown) => e instanceof StaleLeaderError && e.current === newFence,
    );
    assert.equal((await h.pools.get('dep_f'))?.status, 'running');
  });

  it('a leader whose lease was taken steps down by itself', async () => {
    // Simulate a pause longer than the TTL: the lease is gone and another replica (here: a plain client) holds it.
    const key = `${h.prefix}scheduler:leader`;
    await h.redis.set(key, 'someone-else', 'PX', 3_000);
    await waitFor('b stepped down', async () => !(await status(b)).leader, { timeoutMs: 5_000 });
    await h.redis.del(key);
    await waitFor('b leads again', async () => (await status(b)).leader, { timeoutMs: 5_000 });
    await waitFor('2 active again', async () => (await h.members('dep_f')).length === 2, { timeoutMs: 30_000 });
  });
});
