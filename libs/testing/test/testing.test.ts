import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from 'pg';
import { createTestSchema, natsNamespace, redisPrefix, waitFor, getFreePort, testDatabaseUrl } from '../src';

describe('test isolation helpers', () => {
  it('gives every caller its own names', () => {
    const names = new Set(Array.from({ length: 1000 }, () => natsNamespace('gw')));
    assert.equal(names.size, 1000);
    for (const n of names) assert.match(n, /^gw[0-9a-f]{10}$/);
    assert.match(redisPrefix('Health Monitor!'), /^test:healthmo[0-9a-f]{10}:$/);
  });

  it('creates an isolated PostgreSQL schema, runs SQL in it and drops it', async () => {
    const a = await createTestSchema('iso');
    const b = await createTestSchema('iso');
    try {
      assert.notEqual(a.schema, b.schema);
      await a.exec('CREATE TABLE item (id int primary key); INSERT INTO item VALUES (1)');
      await b.exec('CREATE TABLE item (id int primary key)');
      const client = new Client({ connectionString: testDatabaseUrl() });
      await client.connect();
      const rows = await client.query(`SELECT count(*)::int AS n FROM "${a.schema}".item`);
      const rowsB = await client.query(`SELECT count(*)::int AS n FROM "${b.schema}".item`);
      await client.end();
      assert.equal(rows.rows[0].n, 1);
      assert.equal(rowsB.rows[0].n, 0);
      assert.match(a.url, /schema=t_iso_/);
    } finally {
      await a.drop();
      await b.drop();
    }
  });

  it('waitFor returns the value or times out naming what it waited for', async () => {
    let n = 0;
    assert.equal(await waitFor('n to reach 3', () => (++n >= 3 ? n : 0), { intervalMs: 1 }), 3);
    await assert.rejects(waitFor('never', () => false, { timeoutMs: 50, intervalMs: 5 }), /timed out after 50 ms waiting for never/);
  });

  it('finds a free port', async () => {
    const port = await getFreePort();
    assert.ok(port > 1024 && port < 65536);
  });
});
