// Where the dashboard finds the platform's services (server side only; the browser never calls them).
import type { ServiceName } from '../lib/api-error';

const defaults: Record<ServiceName, string> = {
  registry: 'http://127.0.0.1:3001',
  scheduler: 'http://127.0.0.1:3002',
  'health-monitor': 'http://127.0.0.1:3003',
  billing: 'http://127.0.0.1:3004',
  gateway: 'http://127.0.0.1:8080',
};

const envNames: Record<ServiceName, string> = {
  registry: 'REGISTRY_URL',
  scheduler: 'SCHEDULER_URL',
  'health-monitor': 'HEALTH_MONITOR_URL',
  billing: 'BILLING_URL',
  gateway: 'GATEWAY_URL',
};

export function serviceUrl(service: ServiceName): string {
  return (process.env[envNames[service]] ?? defaults[service]).replace(/\/+$/, '');
}

/** Cookies are Secure unless the dashboard says it is served over plain http (this machine, local development). */
export function secureCookies(): boolean {
  const v = process.env.DASHBOARD_SECURE_COOKIES;
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  return (process.env.DASHBOARD_PUBLIC_URL ?? '').startsWith('https://');
}
