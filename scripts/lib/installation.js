#!/usr/bin/env node
// Which database, NATS namespace and Redis key prefix this checkout's `npm start` uses, printed as shell
// exports for start.sh. The first installation on a machine uses the defaults (database `switchyard`, no
// namespace, prefix `sy:`). A checkout whose .switchyard/ is new while the default database already holds
// another installation's registry (other secrets: its admin password and master key would not match) gets its
// own: database `switchyard_<id>`, namespace `i<id>`, prefix `sy:<id>:`. Recorded in .switchyard/installation.json
// so later runs reuse it. Variables already set in the environment always win.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { randomBytes } = require('node:crypto');
const { Client } = require('pg');

const root = path.resolve(__dirname, '..', '..');
const stateDir = path.join(root, '.switchyard');
const file = path.join(stateDir, 'installation.json');
const DEFAULT_URL = 'postgresql://postgres@127.0.0.1:5432/switchyard';

async function defaultDatabaseInUse() {
  const c = new Client({ connectionString: DEFAULT_URL });
  try {
    await c.connect();
    const r = await c.query(`SELECT to_regclass('registry.users') IS NOT NULL AS present`);
    if (!r.rows[0].present) return false;
    const n = await c.query('SELECT count(*)::int AS n FROM registry.users');
    return n.rows[0].n > 0;
  } catch {
    return false; // no such database yet: it is ours to create
  } finally {
    await c.end().catch(() => undefined);
  }
}

async function decide() {
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8'));
  let chosen = { id: '', database: 'switchyard', natsNamespace: '', redisPrefix: 'sy:' };
  const legacy = fs.existsSync(path.join(stateDir, 'secrets.json')); // this checkout already owns the defaults
  if (!process.env.DATABASE_URL && !legacy && (await defaultDatabaseInUse())) {
    const id = randomBytes(3).toString('hex');
    chosen = { id, database: `switchyard_${id}`, natsNamespace: `i${id}`, redisPrefix: `sy:${id}:` };
    process.stderr.write(`[start] the database "switchyard" belongs to another Switchyard installation: this checkout uses "${chosen.database}", NATS namespace "${chosen.natsNamespace}" and Redis prefix "${chosen.redisPrefix}"\n`);
  }
  fs.mkdirSync(stateDir, { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(chosen, null, 2)}\n`);
  return chosen;
}

decide()
  .then((c) => {
    const out = [];
    if (!process.env.DATABASE_URL) out.push(`export DATABASE_URL='postgresql://postgres@127.0.0.1:5432/${c.database}'`);
    if (!process.env.NATS_NAMESPACE && c.natsNamespace) out.push(`export NATS_NAMESPACE='${c.natsNamespace}'`);
    if (!process.env.REDIS_PREFIX && c.redisPrefix) out.push(`export REDIS_PREFIX='${c.redisPrefix}'`);
    process.stdout.write(`${out.join('\n')}\n`);
  })
  .catch((error) => {
    process.stderr.write(`[start] cannot decide the installation's database: ${error.message}\n`);
    process.exit(1);
  });
