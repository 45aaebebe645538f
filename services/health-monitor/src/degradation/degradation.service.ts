import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { HealthStore } from '@switchyard/pool-state';
import { LOGGER } from '@switchyard/service-kit';
import type { Logger } from '@switchyard/observability';
import { evaluateDegradation, type PeerStats } from '../domain/degradation';
import { DeploymentSettingsService } from '../pools/deployment-settings.service';
import { PoolCatalog } from '../pools/pool-catalog.service';
import { InstanceTracker, type TrackedInstance } from '../tracking/instance-tracker.service';
import { DEGRADATION_EVAL_MS } from './degradation.tokens';

/**
 * Looks for outliers: an instance whose p95 or error rate is far worse than its peers' is marked degraded (the
 * gateway lowers its weight), and recovers once back in line. Peers watched by other replicas are compared
 * through the stats they stored in Redis.
 */
@Injectable()
export class DegradationService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly tracker: InstanceTracker,
    private readonly catalog: PoolCatalog,
    private readonly settings: DeploymentSettingsService,
    private readonly store: HealthStore,
    @Inject(DEGRADATION_EVAL_MS) private readonly evalMs: number,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      if (!this.running) this.running = this.evaluateAll().finally(() => (this.running = undefined));
    }, this.evalMs);
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  async evaluateAll(): Promise<void> {
    const byDeployment = new Map<string, TrackedInstance[]>();
    for (const t of this.tracker.instances()) {
      const list = byDeployment.get(t.deploymentId) ?? [];
      list.push(t);
      byDeployment.set(t.deploymentId, list);
    }
    for (const [deploymentId, owned] of byDeployment) {
      try {
        await this.evaluate(deploymentId, owned);
      } catch (error) {
        this.logger.warn({ err: error, deploymentId }, 'degradation check failed');
      }
    }
  }

  private async evaluate(deploymentId: string, owned: TrackedInstance[]): Promise<void> {
    const { policy } = this.settings.settingsFor(deploymentId);
    const now = Date.now();
    const judged = (state: string) => state === 'healthy' || state === 'degraded';
    const peers: PeerStats[] = owned
      .filter((t) => judged(t.health.state))
      .map((t) => ({ instanceId: t.instanceId, stats: this.tracker.stats(t, now), degraded: t.health.state === 'degraded' }));
    if (this.catalog.poolSize(deploymentId) > owned.length) {
      const mine = new Set(owned.map((t) => t.instanceId));
      const fresh = now - 3 * policy.intervalMs - policy.windowMs / 10;
      for (const r of await this.store.forDeployment(deploymentId)) {
        if (mine.has(r.instanceId) || !judged(r.state) || r.p95Ms === undefined || Date.parse(r.updatedAt) < fresh) continue;
        peers.push({
          instanceId: r.instanceId,
          stats: { count: policy.degradedMinSamples, errorRate: r.errorRate ?? 0, p50Ms: r.p50Ms, p95Ms: r.p95Ms, p99Ms: r.p99Ms },
          degraded: r.state === 'degraded',
        });
      }
    }
    const verdicts = evaluateDegradation(peers, policy);
    for (const t of owned) {
      const verdict = verdicts.get(t.instanceId);
      if (verdict && verdict.degraded !== (t.health.state === 'degraded')) await this.tracker.applyVerdict(t.instanceId, verdict);
    }
  }
}
