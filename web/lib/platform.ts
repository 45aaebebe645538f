// Where the dashboard finds the platform's services (server side only).
export const services = [
  { name: 'registry', url: process.env.REGISTRY_URL ?? 'http://127.0.0.1:3001' },
  { name: 'scheduler', url: process.env.SCHEDULER_URL ?? 'http://127.0.0.1:3002' },
  { name: 'health-monitor', url: process.env.HEALTH_MONITOR_URL ?? 'http://127.0.0.1:3003' },
  { name: 'billing', url: process.env.BILLING_URL ?? 'http://127.0.0.1:3004' },
  { name: 'gateway', url: process.env.GATEWAY_URL ?? 'http://127.0.0.1:8080' },
] as const;

export interface ServiceStatus {
  name: string;
  url: string;
  state: 'ready' | 'not-ready' | 'down';
  detail: string;
}

export async function serviceStatuses(): Promise<ServiceStatus[]> {
  return Promise.all(
    services.map(async (svc): Promise<ServiceStatus> => {
      try {
        const res = await fetch(`${svc.url}/readyz`, { cache: 'no-store', signal: AbortSignal.timeout(1500) });
        const body = (await res.json()) as { message?: string; checks?: Record<string, string> };
        const checks = body.checks ? Object.entries(body.checks).map(([k, v]) => `${k} ${v}`).join(', ') : '';
        return { ...svc, state: res.ok ? 'ready' : 'not-ready', detail: res.ok ? checks : body.message ?? `HTTP ${res.status}` };
      } catch {
        return { ...svc, state: 'down', detail: 'not reachable' };
      }
    }),
  );
}
