import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type Redis from 'ioredis';
import { redisPrefix, waitFor } from '@switchyard/testing';
import { createRedis, PoolStore, HealthStore, StaleLeaderError, type PoolMemberRecord } from '../src';

const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const member = (id: string, extra: Partial<PoolMemberRecord> = {}): PoolMemberRecord => ({
  instanceId: id, url: `http://127.0.0.1:1/${id}`, weight: 1, priority: 'primary', revision: 1, state: 'active', ...extra,
});

describe('pool state in Redis', () => {
  let redis: Redis;
  let sub: Redis;
  const prefix = redisPrefix('pool');
  before(() => {
    redis = createRedis({ url });
    sub = createRedis({ url });
  });
  after(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
    sub.disconnect();
  });

  it('writes pools with increasing versions and notifies subscribers', async () => {
    const pools = new PoolStore(redis, prefix);
    const seen: Array<[string, number]> = [];
    const unsubscribe = await pools.subscribe(sub, (id, v) => seen.push([id, v]));
    const fence = await pools.nextFence();
    const v1 = await pools.write(fence, { deploymentId: 'd1', workspaceId: 'w', status: 'running', members: [member('a'), member('b')] });
    const v2 = await pools.write(fence, { deploymentId: 'd1', workspaceId: 'w', status: 'running', members: [member('a')] });
    assert.equal(v1, 1);
    assert.equal(v2, 2);
    const pool = await pools.get('d1');
    assert.equal(pool?.version, 2);
    assert.deepEqual(pool?.members.map((m) => m.instanceId), ['a']);
    await waitFor('two notifications', () => seen.length === 2);
    assert.deepEqual(seen, [['d1', 1], ['d1', 2]]);
    await unsubscribe();
  });

  it('keeps an empty member list an array (Lua cjson would make it an object)', async () => {
    const pools = new PoolStore(redis, prefix);
    const fence = await pools.currentFence();
    await pools.write(fence, { deploymentId: 'empty', workspaceId: 'w', status: 'stopped', members: [] });
    const pool = await pools.get('empty');
    assert.deepEqual(pool?.members, []);
    assert.equal(pool?.status, 'stopped');
  });

  it('refuses writes from a former leader once a new fence was taken', async () => {
    const pools = new PoolStore(redis, prefix);
    const oldFence = await pools.currentFence();
    const newFence = await pools.nextFence();
    assert.ok(newFence > oldFence);
    await assert.rejects(
      pools.write(oldFence, { deploymentId: 'd1', workspaceId: 'w', status: 'running', members: [] }),
      (e: unknown) => e instanceof StaleLeaderError && e.current === newFence,
    );
    await assert.rejects(pools.remove(oldFence, 'd1'), StaleLeaderError);
    assert.equal((await pools.get('d1'))?.members.length, 1, 'the stale write changed nothing');
    await pools.remove(newFence, 'd1');
    assert.equal(await pools.get('d1'), undefined);
    assert.ok(!(await pools.all()).some((p) => p.deploymentId === 'd1'));
  });

  it('stores health and announces only state changes', async () => {
    const health = new HealthStore(redis, prefix);
    const sub2 = createRedis({ url });
    const changes: string[] = [];
    await health.subscribe(sub2, (c) => changes.push(`${c.instanceId}:${c.state}`));
    const base = { instanceId: 'i1', deploymentId: 'd9', consecutiveFailures: 0, consecutiveSuccesses: 1, ejections: 0, updatedAt: new Date().toISOString() };
    assert.deepEqual(await health.write({ ...base, state: 'healthy' }), { changed: true });
    assert.deepEqual(await health.write({ ...base, state: 'healthy', consecutiveSuccesses: 2 }), { changed: false });
    assert.deepEqual(await health.write({ ...base, state: 'ejected', consecutiveFailures: 3 }), { changed: true });
    await waitFor('two health changes', () => changes.length === 2);
    assert.deepEqual(changes, ['i1:healthy', 'i1:ejected']);
    assert.equal((await health.forDeployment('d9'))[0].state, 'ejected');
    await health.remove('d9', 'i1');
    assert.deepEqual(await health.forDeployment('d9'), []);
    sub2.disconnect();
  });
});
