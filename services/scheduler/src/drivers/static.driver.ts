import type { DeploymentSnapshot } from '@switchyard/contracts';
import { answers, instanceUrl, type DriverInstance, type RuntimeDriver } from './runtime-driver';

/**
 * Endpoints the user runs (an address and port each): replicas are the enabled endpoints. The driver starts and
 * stops nothing; it checks connectivity (the health path answers) before an endpoint is reported ready, so a
 * changed endpoint joins the pool only once it serves (the reconciler drains the old one after that).
 */
export class StaticDriver implements RuntimeDriver {
  readonly name = 'static' as const;
  readonly manages = false;
  private readonly known = new Map<string, Map<string, DriverInstance>>();

  constructor(private readonly probeTimeoutMs = 2_000) {}

  instances(deploymentId: string): DriverInstance[] {
    return [...(this.known.get(deploymentId)?.values() ?? [])].map((i) => ({ ...i }));
  }

  async sync(deployment: DeploymentSnapshot): Promise<void> {
    const previous = this.known.get(deployment.id) ?? new Map<string, DriverInstance>();
    const next = new Map<string, DriverInstance>();
    const path = deployment.healthCheck?.path || '/health';
    await Promise.all(
      deployment.endpoints
        .filter((e) => e.enabled)
        .map(async (e) => {
          const before = previous.get(e.id);
          const sameTarget = before && before.url === e.url;
          const instance: DriverInstance = {
            instanceId: e.id,
            deploymentId: deployment.id,
            revision: deployment.specRevision,
            url: e.url,
            phase: sameTarget ? before.phase : 'starting',
            weight: e.weight,
            priority: e.priority,
            startedAt: sameTarget ? before.startedAt : Date.now(),
          };
          // Once connected, the health monitor owns the endpoint's health; only new endpoints are probed here.
          if (instance.phase !== 'ready' && (await answers(instanceUrl(e.url, path), this.probeTimeoutMs))) instance.phase = 'ready';
          next.set(e.id, instance);
        }),
    );
    this.known.set(deployment.id, next);
  }

  async start(): Promise<void> {}

  async stop(deploymentId: string, instanceIds: readonly string[]): Promise<void> {
    const known = this.known.get(deploymentId);
    for (const id of instanceIds) known?.delete(id);
  }

  async close(): Promise<void> {
    this.known.clear();
  }
}
