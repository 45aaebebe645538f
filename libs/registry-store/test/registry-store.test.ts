import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestSchema, type TestSchema } from '@switchyard/testing';
import { createRegistryClient, migrationSql, OutboxRepository, type RegistryDb } from '../src';

describe('registry store', () => {
  let schema: TestSchema;
  let db: RegistryDb;
  before(async () => {
    schema = await createTestSchema('store');
    for (const sql of migrationSql()) await schema.exec(sql);
    db = createRegistryClient({ databaseUrl: schema.url });
  });
  after(async () => {
    await db.$disconnect();
    await schema.drop();
  });

  it('reads and writes in the test schema, not in `registry`', async () => {
    const ws = await db.workspace.create({ data: { name: `ws '); DROP TABLE users; --`, slug: 'ws-1' } });
    assert.equal(ws.name, `ws '); DROP TABLE users; --`);
    const rows = await db.$queryRawUnsafe<Array<{ n: bigint }>>(`SELECT count(*) AS n FROM "${schema.schema}".workspaces`);
    assert.equal(Number(rows[0].n), 1);
  });

  it('rejects a duplicate name with P2002', async () => {
    await db.model.create({ data: { workspaceId: (await db.workspace.findFirstOrThrow()).id, name: 'm', kind: 'chat', contextWindow: 8192 } });
    await assert.rejects(
      db.model.create({ data: { workspaceId: (await db.workspace.findFirstOrThrow()).id, name: 'm', kind: 'chat', contextWindow: 1 } }),
      (e: unknown) => (e as { code?: string }).code === 'P2002',
    );
  });

  it('appends outbox rows only when the transaction commits, and hands them out in order', async () => {
    const outbox = new OutboxRepository(db);
    const entry = (n: number) => ({
      eventId: globalThis.crypto.randomUUID(),
      subject: 'sy.model.changed',
      type: 'ModelChanged',
      aggregateType: 'model',
      aggregateId: 'a1',
      aggregateVersion: n,
      workspaceId: '',
      envelope: { n },
    });
    await db.$transaction(async (tx) => OutboxRepository.append(tx, [entry(1), entry(2)]));
    await assert.rejects(
      db.$transaction(async (tx) => {
        await OutboxRepository.append(tx, [entry(3)]);
        throw new Error('abort');
      }),
    );
    const pending = await outbox.fetchUnpublished(10);
    assert.deepEqual(pending.map((p) => p.aggregateVersion), [1, 2]);
    await outbox.markPublished([pending[0].id]);
    assert.deepEqual((await outbox.fetchUnpublished(10)).map((p) => p.aggregateVersion), [2]);
    assert.equal(await outbox.countUnpublished(), 1);
    assert.equal(await outbox.lastId(), Number(pending[1].id));
  });

  it('prunes old published rows but keeps the newest (the snapshot version) and anything unpublished', async () => {
    const outbox = new OutboxRepository(db);
    await outbox.markPublished((await outbox.fetchUnpublished(100)).map((p) => p.id));
    const last = await outbox.lastId();
    const removed = await outbox.prunePublished(new Date(Date.now() + 60_000));
    assert.ok(removed >= 1);
    assert.equal(await outbox.lastId(), last);
    assert.equal(await db.outboxEvent.count(), 1);
  });
});
