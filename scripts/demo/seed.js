// Seeds the `npm start` demo. With the registry running, everything is created through its REST API
// (idempotently: a second run finds and reuses what exists); without it, the demo points at a simulator.
'use strict';

async function seedDemo({ ports, sims, services, dashboard, admin, log }) {
  const gatewayUrl = `http://127.0.0.1:${ports.gateway}`;
  const registryUrl = `http://127.0.0.1:${ports.registry}`;
  const notes = [];
  const base = {
    registryUrl,
    dashboardUrl: dashboard || `(dashboard not built: run npm run build)`,
    adminEmail: admin.email,
    adminPassword: admin.password,
    notes,
  };
  if (!services.includes('registry') || !services.includes('gateway')) {
    notes.push('the registry or gateway is not part of this build yet: the curl line talks to an engine simulator directly');
    return { ...base, gatewayUrl: `http://127.0.0.1:${sims[0].port}`, apiKey: 'none', model: sims[0].model };
  }
  const registrySeed = require('./seed-registry');
  return { ...base, ...(await registrySeed.seed({ registryUrl, gatewayUrl, sims, admin, log })) };
}

module.exports = { seedDemo };
