// What `npm start` runs, in start order. Each service is a Node process running its precompiled dist/main.js
// (scripts/build-dist.js); `src` is the TypeScript entry it is compiled from.
'use strict';
const path = require('node:path');
const root = path.resolve(__dirname, '..', '..');

const env = process.env;
const ports = {
  dashboard: Number(env.DASHBOARD_PORT || 3000),
  registry: Number(env.REGISTRY_PORT || 3001),
  scheduler: Number(env.SCHEDULER_PORT || 3002),
  'health-monitor': Number(env.HEALTH_MONITOR_PORT || 3003),
  billing: Number(env.BILLING_PORT || 3004),
  gateway: Number(env.GATEWAY_PORT || 8080),
};

/** Services in start order: the registry first (others snapshot from it), the gateway last. */
const services = ['registry', 'scheduler', 'health-monitor', 'billing', 'gateway'].map((name) => ({
  name,
  port: ports[name],
  src: path.join(root, 'services', name, 'src', 'main.ts'),
  main: path.join(root, 'services', name, 'dist', 'main.js'),
  readyUrl: `http://127.0.0.1:${ports[name]}/readyz`,
}));

module.exports = { root, ports, services };
