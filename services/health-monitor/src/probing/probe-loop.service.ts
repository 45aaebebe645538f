import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { LOGGER, METRICS } from '@switchyard/service-kit';
import type { Logger, Metrics } from '@switchyard/observability';
import { probeDue } from '../domain/instance-health.machine';
import { DeploymentSettingsService } from '../pools/deployment-settings.service';
import { ProbeLeaseStore } from '../sharding/probe-lease.store';
import { ReplicaRegistry } from '../sharding/replica-registry.service';
import { InstanceTracker, type TrackedInstance } from '../tracking/instance-tracker.service';
import { probeInstance } from './http.prober';
import { PROBE_TICK_MS } from './probing.tokens';

/**
 * Probes this replica's instances on their deployments' intervals. A probe is skipped when real traffic proved
 * the instance alive within the interval (if configured), and only runs under the instance's probe lease.
 */
@Injectable()
export class ProbeLoop implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly probes;
  private readonly latency;
  private readonly watched;

  constructor(
    private readonly tracker: InstanceTracker,
    private readonly settings: DeploymentSettingsService,
    private readonly leases: ProbeLeaseStore,
    private readonly replicas: ReplicaRegistry,
    @Inject(PROBE_TICK_MS) private readonly tickMs: number,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(METRICS) metrics: Metrics,
  ) {
    this.probes = metrics.counter('health_probes_total', 'Active probes by result', ['result']);
    this.watched = metrics.gauge('health_instances_watched', 'Instances this replica is responsible for');
    this.latency = metrics.histogram('health_probe_duration_seconds', 'Active probe duration', [], [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]);
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.tick(), this.tickMs);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await Promise.allSettled([...this.inFlight]);
    const ids = this.tracker.instances().map((t) => t.instanceId);
    await this.leases.releaseAll(ids, this.replicas.replicaId).catch(() => undefined);
  }

  private tick(): void {
    const now = Date.now();
    const instances = this.tracker.instances();
    this.watched.set(instances.length);
    for (const t of instances) {
      if (t.probing || t.leaseBlockedUntil > now) continue;
      const { policy } = this.settings.settingsFor(t.deploymentId);
      const due = probeDue(t.health, now, policy);
      if (due !== 'probe') continue;
      t.probing = true;
      const run = this.probe(t).finally(() => {
        t.probing = false;
        this.inFlight.delete(run);
      });
      this.inFlight.add(run);
    }
  }

  private async probe(t: TrackedInstance): Promise<void> {
    if (this.stopped) return;
    const { policy, probe } = this.settings.settingsFor(t.deploymentId);
    try {
      if (!(await this.leases.acquire(t.instanceId, this.replicas.replicaId, policy.intervalMs))) {
        t.leaseBlockedUntil = Date.now() + Math.max(this.tickMs, policy.intervalMs / 4);
        return;
      }
    } catch (error) {
      this.logger.debug({ err: error, instanceId: t.instanceId }, 'probe lease unavailable; not probing');
      t.leaseBlockedUntil = Date.now() + policy.intervalMs;
      return;
    }
    const at = Date.now();
    const outcome = await probeInstance(t.url, probe);
    this.probes.inc({ result: outcome.ok ? 'ok' : 'failed' });
    this.latency.observe(outcome.latencyMs / 1000);
    if (this.stopped) return;
    await this.tracker.apply(t.instanceId, { ok: outcome.ok, at, source: 'probe', reason: outcome.reason }, outcome.latencyMs);
  }
}
