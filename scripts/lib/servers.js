// Makes sure PostgreSQL, Redis and NATS (with JetStream) are reachable at their URLs, starting local ones
// when they are not: first the machine's own services (Debian's commands), then private instances with data
// under .switchyard/, and as root on Debian installing missing packages with apt-get. Creates the databases.
'use strict';
const net = require('node:net');
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync, execSync } = require('node:child_process');

const root = path.resolve(__dirname, '..', '..');
const stateDir = path.join(root, '.switchyard');

const urls = {
  postgres: process.env.DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/switchyard',
  redis: process.env.REDIS_URL || 'redis://127.0.0.1:6379',
  nats: process.env.NATS_URL || 'nats://127.0.0.1:4222',
};

function hostPort(url, defaultPort) {
  const u = new URL(url);
  return { host: u.hostname || '127.0.0.1', port: Number(u.port || defaultPort) };
}

function reachable({ host, port }, timeoutMs = 800) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok) => { socket.destroy(); resolve(ok); };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function waitReachable(target, seconds) {
  for (let i = 0; i < seconds * 5; i++) {
    if (await reachable(target)) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
const run = (cmd) => spawnSync('sh', ['-c', cmd], { stdio: 'ignore' }).status === 0;
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const isDebian = fs.existsSync('/etc/debian_version');
let aptUpdated = false;

function aptInstall(pkgs) {
  if (!isRoot || !isDebian || !has('apt-get')) return false;
  console.log(`[servers] installing ${pkgs.join(' ')} with apt-get`);
  if (!aptUpdated) { run('apt-get update -qq'); aptUpdated = true; }
  return run(`DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${pkgs.join(' ')}`);
}

const isLocal = (h) => h === '127.0.0.1' || h === 'localhost' || h === '::1';

const starters = {
  async postgres(target) {
    if (has('pg_ctlcluster') && fs.existsSync('/etc/postgresql')) {
      const version = fs.readdirSync('/etc/postgresql')[0];
      if (version && run(`pg_ctlcluster --skip-systemctl-redirect ${version} main start`)) return true;
    }
    const bin = findPgBin();
    if (!bin) return false;
    const data = path.join(stateDir, 'postgres');
    if (!fs.existsSync(path.join(data, 'PG_VERSION'))) {
      fs.mkdirSync(data, { recursive: true });
      const asUser = isRoot ? 'su postgres -s /bin/sh -c' : 'sh -c';
      if (isRoot) run(`chown -R postgres ${data}`);
      if (!run(`${asUser} "${bin}/initdb -D ${data} -U postgres --auth=trust"`)) return false;
    }
    const asUser = isRoot ? 'su postgres -s /bin/sh -c' : 'sh -c';
    return run(`${asUser} "${bin}/pg_ctl -D ${data} -l ${data}/server.log -o '-p ${target.port} -k /tmp' start"`);
  },
  async redis(target) {
    if (!has('redis-server')) return false;
    fs.mkdirSync(path.join(stateDir, 'redis'), { recursive: true });
    return run(`redis-server --daemonize yes --bind 127.0.0.1 --port ${target.port} --save "" --appendonly no --dir ${path.join(stateDir, 'redis')} --logfile ${path.join(stateDir, 'redis', 'redis.log')}`);
  },
  async nats(target) {
    const bin = has('nats-server') ? 'nats-server' : fs.existsSync('/usr/sbin/nats-server') ? '/usr/sbin/nats-server' : null;
    if (!bin) return false;
    const dir = path.join(stateDir, 'nats');
    fs.mkdirSync(dir, { recursive: true });
    return run(`nohup ${bin} -a 127.0.0.1 -p ${target.port} -js -sd ${dir} -l ${path.join(dir, 'nats.log')} >/dev/null 2>&1 &`);
  },
};

function findPgBin() {
  const base = '/usr/lib/postgresql';
  if (!fs.existsSync(base)) return null;
  const versions = fs.readdirSync(base).sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(base, versions[0], 'bin') : null;
}

const packages = { postgres: ['postgresql'], redis: ['redis-server'], nats: ['nats-server'] };
const defaults = { postgres: 5432, redis: 6379, nats: 4222 };

async function ensureOne(name) {
  const target = hostPort(urls[name], defaults[name]);
  if (await reachable(target)) return true;
  if (!isLocal(target.host)) {
    console.error(`[servers] ${name} at ${target.host}:${target.port} is not reachable, and it is not local, so it was not started.`);
    return false;
  }
  console.log(`[servers] ${name} is not running on ${target.port}; starting it`);
  if ((await starters[name](target)) && (await waitReachable(target, 20))) return true;
  if (aptInstall(packages[name]) && (await starters[name](target)) && (await waitReachable(target, 20))) return true;
  console.error(`[servers] could not start ${name}. Install it (Debian: apt-get install -y ${packages[name].join(' ')}) or point ${name === 'postgres' ? 'DATABASE_URL' : name === 'redis' ? 'REDIS_URL' : 'NATS_URL'} at a running one.`);
  return false;
}

async function ensureDatabases(names) {
  const { Client } = require('pg');
  const base = new URL(urls.postgres);
  const admin = new URL(base.toString());
  admin.pathname = '/postgres';
  admin.search = '';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    for (const db of names) {
      const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [db]);
      if (exists.rowCount === 0) {
        try {
          await client.query(`CREATE DATABASE "${db}"`);
        } catch (error) {
          if (!/already exists/.test(String(error && error.message))) throw error;
        }
      }
    }
  } finally {
    await client.end();
  }
}

async function ensureJetStream() {
  // JetStream must be enabled: the monitoring-free way is to ask the server with the nats client.
  const { connect } = require('nats');
  const nc = await connect({ servers: urls.nats, timeout: 2000 });
  try {
    await (await nc.jetstreamManager()).getAccountInfo();
    return true;
  } catch {
    console.error('[servers] NATS is running without JetStream; start nats-server with -js.');
    return false;
  } finally {
    await nc.close();
  }
}

async function ensureServers({ databases = [] } = {}) {
  const results = [];
  for (const name of ['postgres', 'redis', 'nats']) results.push(await ensureOne(name));
  if (results.includes(false)) return false;
  if (!(await ensureJetStream())) return false;
  const dbName = new URL(urls.postgres).pathname.slice(1) || 'switchyard';
  await ensureDatabases([dbName, ...databases]);
  return true;
}

module.exports = { ensureServers, urls, reachable, hostPort };

if (require.main === module) {
  const databases = process.argv.slice(2);
  ensureServers({ databases }).then(
    (ok) => process.exit(ok ? 0 : 1),
    (error) => { console.error(`[servers] ${error.message}`); process.exit(1); },
  );
}
