#!/usr/bin/env node
// npm run db:migrate: applies the committed registry migrations (libs/registry-store/prisma/migrations) to the
// database of DATABASE_URL, schema `registry` (or `?schema=` in the URL), with `prisma migrate deploy` over the pg
// driver adapter (offline JS schema engine; the oid-19 and parsed-config workarounds live in the store's
// pg-adapter.ts). Creates the database and the schema when missing. Idempotent.
'use strict';
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { Client } = require('pg');

const root = path.resolve(__dirname, '..');
const store = path.join(root, 'libs', 'registry-store');

async function ensureDatabaseAndSchema(databaseUrl) {
  const url = new URL(databaseUrl);
  const schema = url.searchParams.get('schema') || 'registry';
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(schema)) throw new Error(`invalid schema name "${schema}"`);
  const database = decodeURIComponent(url.pathname.slice(1)) || 'postgres';
  url.search = '';
  const admin = new URL(url.toString());
  admin.pathname = '/postgres';
  const a = new Client({ connectionString: admin.toString() });
  await a.connect();
  try {
    const found = await a.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await a.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } finally {
    await a.end();
  }
  const c = new Client({ connectionString: url.toString() });
  await c.connect();
  try {
    await c.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  } finally {
    await c.end();
  }
}

/** True when every committed migration is already recorded as finished (then the slow CLI is skipped). */
async function upToDate(databaseUrl) {
  const fs = require('node:fs');
  const dir = path.join(store, 'prisma', 'migrations');
  const wanted = fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
  const url = new URL(databaseUrl);
  const schema = url.searchParams.get('schema') || 'registry';
  url.search = '';
  const c = new Client({ connectionString: url.toString() });
  await c.connect();
  try {
    const done = await c.query(`SELECT migration_name FROM "${schema}"._prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`);
    const names = new Set(done.rows.map((r) => r.migration_name));
    return wanted.every((w) => names.has(w));
  } catch {
    return false;
  } finally {
    await c.end();
  }
}

async function main() {
  const databaseUrl = process.env.DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/switchyard';
  await ensureDatabaseAndSchema(databaseUrl);
  if (!process.argv.includes('--force') && (await upToDate(databaseUrl))) {
    process.stdout.write('[db:migrate] registry schema up to date\n');
    return;
  }
  const prisma = require.resolve('prisma/build/index.js', { paths: [root] });
  const result = spawnSync(process.execPath, [prisma, 'migrate', 'deploy', '--config', path.join(store, 'prisma.config.ts')], {
    cwd: store,
    env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' },
    encoding: 'utf8',
  });
  const output = `${result.stdout || ''}${result.stderr || ''}`;
  if (result.status !== 0) {
    process.stderr.write(output);
    throw new Error(`prisma migrate deploy failed (exit ${result.status})`);
  }
  const applied = output.match(/The following migration\(s\) have been applied:[\s\S]*?successfully applied\./);
  process.stdout.write(`[db:migrate] ${applied ? applied[0].trim() : 'registry schema up to date'}\n`);
}

main().catch((error) => {
  process.stderr.write(`[db:migrate] ${error.message}\n`);
  process.exit(1);
});
