#!/usr/bin/env node
// Runs the whole platform on one machine: engine simulators for the demo, the five services, the dashboard,
// then seeds the demo through the registry API and sends a trickle of demo traffic. Ctrl-C / SIGTERM stops
// everything this process started (process groups), leaving no process or port behind.
// Services and simulators run precompiled JavaScript (dist/, brought up to date by scripts/build-dist.js first):
// no TypeScript compiler resident in each process. NODE_OPTIONS=--enable-source-maps maps stack traces to the .ts.
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { root, ports, services } = require('./lib/components');
const { build: buildDist, RUN_ARGS } = require('./build-dist');

const simMain = path.join(root, 'tools', 'engine-sim', 'dist', 'main.js');
const stateDir = path.join(root, '.switchyard');
const logDir = path.join(stateDir, 'logs');
fs.mkdirSync(logDir, { recursive: true });

const children = [];
let stopping = false;

function log(message) {
  process.stdout.write(`[switchyard] ${message}\n`);
}

function portInUse(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

function startProcess(name, args, extraEnv, cwd = root) {
  const out = fs.openSync(path.join(logDir, `${name}.log`), 'a');
  const child = spawn(process.execPath, args, {
    cwd,
    env: { ...process.env, ...extraEnv },
    stdio: ['ignore', out, out],
    detached: true, // own process group, so a stop reaches its children too
  });
  child.name = name;
  children.push(child);
  child.on('exit', (code, signal) => {
    if (!stopping) log(`${name} exited (${signal || code}); see .switchyard/logs/${name}.log`);
  });
  return child;
}

async function waitHttp(url, seconds, accept = (r) => r.ok) {
  const deadline = Date.now() + seconds * 1000;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (accept(res)) return true;
      last = `HTTP ${res.status} ${(await res.text()).slice(0, 200)}`;
    } catch (error) {
      last = error.message;
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${url} not ready after ${seconds}s (${last})`);
}

async function stopAll(code) {
  if (stopping) return;
  stopping = true;
  log('stopping everything this run started…');
  for (const child of children.slice().reverse()) {
    if (child.exitCode === null && child.signalCode === null) {
      try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
    }
  }
  const deadline = Date.now() + 12_000;
  while (Date.now() < deadline && children.some((c) => c.exitCode === null && c.signalCode === null)) {
    await new Promise((r) => setTimeout(r, 100));
  }
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) {
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
    }
  }
  log('stopped.');
  process.exit(code);
}

process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

/** Secrets of this one-machine platform, made on the first run and reused after (mode 0600). */
function loadOrCreateSecrets() {
  const file = path.join(stateDir, 'secrets.json');
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8'));
  const { randomBytes } = require('node:crypto');
  const secrets = {
    masterKey: randomBytes(32).toString('base64'),
    adminEmail: 'admin@switchyard.local',
    adminPassword: `sy-${randomBytes(9).toString('base64url')}`,
    serviceToken: randomBytes(24).toString('base64url'),
  };
  fs.writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

async function main() {
  const busy = [];
  const simPorts = [9101, 9102, 9103, 9104].map((p, i) => Number(process.env[`DEMO_SIM_PORT_${i + 1}`] || p));
  for (const [name, port] of [...Object.entries(ports), ...simPorts.map((p, i) => [`engine-sim-${i + 1}`, p])]) {
    if (await portInUse(port)) busy.push(`${name} (${port})`);
  }
  if (busy.length) {
    throw new Error(`ports already in use: ${busy.join(', ')}. Is another \`npm start\` running? Stop it, or override the ports (see README).`);
  }

  buildDist();
  const missing = [...services.filter((s) => fs.existsSync(s.src)).map((s) => s.main), simMain].filter((f) => !fs.existsSync(f));
  if (missing.length) throw new Error(`not built: ${missing.map((f) => path.relative(root, f)).join(', ')} (node scripts/build-dist.js)`);

  // Engine simulators: three instances of the demo deployment and one behind the OpenAI-compatible provider.
  const sims = simPorts.map((port, i) => {
    const model = i < 3 ? 'llama-3.1-8b-instruct' : 'qwen2.5-7b-instruct';
    startProcess(`engine-sim-${i + 1}`, [...RUN_ARGS, simMain, '--port', String(port), '--model', model, '--ttft-ms', '40', '--itl-ms', '8'], {});
    return { port, model, url: `http://127.0.0.1:${port}/v1` };
  });
  await Promise.all(sims.map((s) => waitHttp(`http://127.0.0.1:${s.port}/health`, 60)));
  log(`engine simulators up on ${sims.map((s) => s.port).join(', ')}`);

  const secrets = loadOrCreateSecrets();
  const commonEnv = {
    SWITCHYARD_MASTER_KEY: process.env.SWITCHYARD_MASTER_KEY || secrets.masterKey,
    SWITCHYARD_ADMIN_EMAIL: process.env.SWITCHYARD_ADMIN_EMAIL || secrets.adminEmail,
    SWITCHYARD_ADMIN_PASSWORD: process.env.SWITCHYARD_ADMIN_PASSWORD || secrets.adminPassword,
    SWITCHYARD_SERVICE_TOKEN: process.env.SWITCHYARD_SERVICE_TOKEN || secrets.serviceToken,
    NATS_URL: process.env.NATS_URL || 'nats://127.0.0.1:4222',
    REDIS_URL: process.env.REDIS_URL || 'redis://127.0.0.1:6379',
    DATABASE_URL: process.env.DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/switchyard',
    REGISTRY_URL: `http://127.0.0.1:${ports.registry}`,
    LOG_LEVEL: process.env.LOG_LEVEL || 'info',
  };
  const running = services.filter((s) => fs.existsSync(s.src));
  for (const svc of running) {
    // The scheduler's process driver starts engines precompiled too (unless ENGINE_COMMAND says otherwise).
    const own = svc.name === 'scheduler' && !process.env.ENGINE_COMMAND ? { ENGINE_COMMAND: `node ${RUN_ARGS.join(' ')} ${path.relative(root, simMain)} --port {port} --model {model}` } : {};
    startProcess(svc.name, [...RUN_ARGS, svc.main], { ...commonEnv, ...own, PORT: String(svc.port) }, path.dirname(path.dirname(svc.main)));
  }
  await Promise.all(running.map((s) => waitHttp(s.readyUrl, 120)));
  log(`services ready: ${running.map((s) => `${s.name} :${s.port}`).join(', ')}`);

  const webDir = path.join(root, 'web');
  let dashboard = null;
  if (fs.existsSync(path.join(webDir, '.next', 'BUILD_ID'))) {
    startProcess('dashboard', [require.resolve('next/dist/bin/next', { paths: [webDir] }), 'start', '-p', String(ports.dashboard), '-H', '127.0.0.1'], {
      REGISTRY_URL: commonEnv.REGISTRY_URL,
      GATEWAY_URL: `http://127.0.0.1:${ports.gateway}`,
      SCHEDULER_URL: `http://127.0.0.1:${ports.scheduler}`,
      HEALTH_MONITOR_URL: `http://127.0.0.1:${ports['health-monitor']}`,
      BILLING_URL: `http://127.0.0.1:${ports.billing}`,
    }, webDir);
    await waitHttp(`http://127.0.0.1:${ports.dashboard}/healthz`, 60);
    dashboard = `http://127.0.0.1:${ports.dashboard}`;
  }

  const { seedDemo } = require('./demo/seed');
  const demo = await seedDemo({
    ports,
    sims,
    services: running.map((s) => s.name),
    dashboard,
    admin: { email: commonEnv.SWITCHYARD_ADMIN_EMAIL, password: commonEnv.SWITCHYARD_ADMIN_PASSWORD },
    log,
  });
  const lines = [
    `GATEWAY_URL=${demo.gatewayUrl}`,
    `REGISTRY_URL=${demo.registryUrl}`,
    `DASHBOARD_URL=${demo.dashboardUrl}`,
    `DEMO_API_KEY=${demo.apiKey}`,
    `DEMO_MODEL=${demo.model}`,
    `ADMIN_EMAIL=${demo.adminEmail}`,
    `ADMIN_PASSWORD=${demo.adminPassword}`,
  ];
  fs.writeFileSync(path.join(stateDir, 'demo.env'), `${lines.join('\n')}\n`, { mode: 0o600 });

  const curl = `curl -s ${demo.gatewayUrl}/v1/chat/completions -H 'Authorization: Bearer ${demo.apiKey}' -H 'Content-Type: application/json' -d '{"model":"${demo.model}","messages":[{"role":"user","content":"Hello from Switchyard"}]}'`;
  process.stdout.write(`
Switchyard is running.
  Gateway (OpenAI-compatible)  ${demo.gatewayUrl}/v1
  Registry API                 ${demo.registryUrl}/api/v1   (docs: ${demo.registryUrl}/api/docs)
  Dashboard                    ${demo.dashboardUrl}
  Admin login                  ${demo.adminEmail} / ${demo.adminPassword}
  Demo API key                 ${demo.apiKey}
  Demo model                   ${demo.model}
${demo.notes.map((n) => `  note: ${n}\n`).join('')}
Try it:
  ${curl}

Written to .switchyard/demo.env; logs in .switchyard/logs/. Ctrl-C stops everything.
`);
  if (demo.startTraffic) demo.startTraffic();
}

main().catch((error) => {
  process.stderr.write(`[switchyard] start failed: ${error.message}\n`);
  void stopAll(1);
});
