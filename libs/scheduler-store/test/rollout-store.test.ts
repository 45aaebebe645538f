import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestSchema, testDatabaseUrl, type TestSchema } from '@switchyard/testing';
import { RolloutStore, StaleFenceError } from '../src';

describe('RolloutStore (PostgreSQL)', () => {
  let schema: TestSchema;
  let store: RolloutStore;
  before(async () => {
    schema = await createTestSchema('schedstore');
    store = await RolloutStore.connect({ url: testDatabaseUrl(), schema: schema.schema });
  });
  after(async () => {
    await store.close();
    await schema.drop();
  });

  it('applies its DDL idempotently, even concurrently', async () => {
    const others = await Promise.all([1, 2, 3].map(() => RolloutStore.connect({ url: testDatabaseUrl(), schema: schema.schema })));
    await Promise.all(others.map((s) => s.close()));
    assert.equal(await store.ping(), true);
  });

  it('saves, reads back and lists unfinished rollouts', async () => {
    await store.save(5, { id: 'r1', deploymentId: 'd1', status: 'running', state: { phase: 'start', step: 1 } });
    await store.save(5, { id: 'r1', deploymentId: 'd1', status: 'running', state: { phase: 'bake', step: 2 } });
    const row = await store.get<{ phase: string }>('r1');
    assert.equal(row?.state.phase, 'bake');
    assert.equal(row?.fence, 5);
    assert.equal((await store.latest('d1'))?.id, 'r1');
    assert.deepEqual((await store.unfinished()).map((r) => r.id), ['r1']);
    await store.save(5, { id: 'r1', deploymentId: 'd1', status: 'completed', state: { phase: 'done' } });
    assert.deepEqual(await store.unfinished(), []);
  });

  it('refuses writes from an older fence once a newer one wrote', async () => {
    await store.save(7, { id: 'r2', deploymentId: 'd2', status: 'running', state: {} });
    await assert.rejects(store.save(6, { id: 'r2', deploymentId: 'd2', status: 'rolled-back', state: {} }), (e: unknown) => e instanceof StaleFenceError && e.current === 7);
    await assert.rejects(store.save(6, { id: 'r3', deploymentId: 'd3', status: 'running', state: {} }), StaleFenceError);
    assert.equal((await store.get('r2'))?.status, 'running');
    assert.equal(await store.get('r3'), undefined);
  });

  it('refuses a hostile schema name and stores hostile ids as data', async () => {
    await assert.rejects(RolloutStore.connect({ url: testDatabaseUrl(), schema: 'x"; DROP TABLE y; --' }), /invalid schema/);
    const id = `r'); DROP TABLE rollouts; --`;
    await store.save(7, { id, deploymentId: 'd4', status: 'running', state: { note: `it's "quoted" \\ and unicode ✓` } });
    assert.equal((await store.get(id))?.deploymentId, 'd4');
  });
});
