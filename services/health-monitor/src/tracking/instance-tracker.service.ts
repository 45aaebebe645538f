import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { HealthStore } from '@switchyard/pool-state';
import { LOGGER } from '@switchyard/service-kit';
import type { Logger } from '@switchyard/observability';
import { applyCheck, ejectionAllowance, type CheckResult, type InstanceHealth, type Transition } from '../domain/instance-health.machine';
import { applyDegradation } from '../domain/degradation';
import { LatencyWindow, type WindowStats } from '../domain/latency-window';
import { EjectionSlotsStore } from '../ejection/ejection-slots.store';
import { DeploymentSettingsService } from '../pools/deployment-settings.service';
import { PoolCatalog, type WatchedMember } from '../pools/pool-catalog.service';
import { ReplicaRegistry } from '../sharding/replica-registry.service';
import { fromHealthRecord } from './health-record.mapper';
import { HealthRecorder } from './health-recorder.service';

/** One instance this replica watches. */
export interface TrackedInstance {
  instanceId: string;
  deploymentId: string;
  workspaceId: string;
  url: string;
  health: InstanceHealth;
  window: LatencyWindow;
  /** A probe is in flight. */
  probing: boolean;
  /** Not probed before (another replica holds the lease). */
  leaseBlockedUntil: number;
}

const memberKey = (deploymentId: string, instanceId: string) => `${deploymentId}\u0000${instanceId}`;

/**
 * The instances this replica is responsible for (its rendezvous share of every running pool's active members)
 * and their health, driven by probe results, passive outcomes and degradation verdicts. Updates to one
 * instance are applied one after the other; the pure state machine decides, this class only does the I/O.
 */
@Injectable()
export class InstanceTracker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly tracked = new Map<string, TrackedInstance>();
  private readonly queues = new Map<string, Promise<void>>();
  /** Every member of every watched pool at the last sync, to notice instances that left their pool. */
  private known = new Map<string, WatchedMember>();
  private syncing: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly catalog: PoolCatalog,
    private readonly settings: DeploymentSettingsService,
    private readonly replicas: ReplicaRegistry,
    private readonly store: HealthStore,
    private readonly slots: EjectionSlotsStore,
    private readonly recorder: HealthRecorder,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.catalog.onChange(() => void this.sync());
    this.replicas.onChange(() => void this.sync());
    void this.sync();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.syncing;
    await Promise.allSettled([...this.queues.values()]);
  }

  instances(): TrackedInstance[] {
    return [...this.tracked.values()];
  }

  get(instanceId: string): TrackedInstance | undefined {
    return this.tracked.get(instanceId);
  }

  /** Re-reads which instances this replica owns; chained so that syncs never overlap. */
  sync(): Promise<void> {
    this.syncing = this.syncing.then(() => this.doSync()).catch((error: unknown) => this.logger.warn({ err: error }, 'instance sync failed'));
    return this.syncing;
  }

  /** Folds a probe result or a passive outcome into the instance's health. */
  apply(instanceId: string, result: CheckResult, latencyMs: number): Promise<void> {
    return this.enqueue(instanceId, async (t) => {
      t.window.add({ at: result.at, ok: result.ok, latencyMs });
      const { policy } = this.settings.settingsFor(t.deploymentId);
      const size = Math.max(1, this.catalog.poolSize(t.deploymentId));
      const atThreshold = !result.ok && t.health.state !== 'ejected' && t.health.consecutiveFailures + 1 >= policy.failureThreshold;
      const ejected = atThreshold ? await this.slots.ejectedCount(t.deploymentId) : 0;
      let { next, transition } = applyCheck(t.health, result, policy, { size, ejected });
      if (transition?.to === 'ejected' && !(await this.slots.claim(t.deploymentId, t.instanceId, ejectionAllowance(size, policy.maxEjectionShare)))) {
        // Another replica took the last slot meanwhile: the cap holds, the instance stays in (capped).
        ({ next, transition } = applyCheck(t.health, result, policy, { size, ejected: size }));
      }
      if (transition?.from === 'ejected') await this.slots.release(t.deploymentId, t.instanceId);
      await this.commit(t, next, transition, result.source === 'probe' ? 'active' : 'passive');
    });
  }

  /** Applies an outlier verdict (degraded or recovered). */
  applyVerdict(instanceId: string, verdict: { degraded: boolean; reason?: string }): Promise<void> {
    return this.enqueue(instanceId, async (t) => {
      const { next, transition } = applyDegradation(t.health, verdict, Date.now());
      if (transition) await this.commit(t, next, transition, 'passive');
    });
  }

  stats(t: TrackedInstance, now = Date.now()): WindowStats {
    return t.window.stats(now);
  }

  private async commit(t: TrackedInstance, next: InstanceHealth, transition: Transition | undefined, detectedBy: 'active' | 'passive'): Promise<void> {
    t.health = next;
    await this.recorder.record({ health: next, transition, stats: t.window.stats(Date.now()), workspaceId: t.workspaceId, detectedBy });
  }

  private enqueue(instanceId: string, work: (t: TrackedInstance) => Promise<void>): Promise<void> {
    const previous = this.queues.get(instanceId) ?? Promise.resolve();
    const run = previous.then(async () => {
      const t = this.tracked.get(instanceId);
      if (!t || this.stopped) return;
      await work(t);
    });
    const settled = run.catch((error: unknown) => this.logger.warn({ err: error, instanceId }, 'health update failed'));
    this.queues.set(instanceId, settled);
    void settled.then(() => {
      if (this.queues.get(instanceId) === settled) this.queues.delete(instanceId);
    });
    return settled;
  }

  private async doSync(): Promise<void> {
    if (this.stopped) return;
    const members = this.catalog.members();
    const current = new Map(members.map((m) => [memberKey(m.deploymentId, m.member.instanceId), m]));
    const wanted = new Map<string, WatchedMember>();
    for (const m of members) if (this.replicas.owns(m.member.instanceId)) wanted.set(m.member.instanceId, m);
    for (const [id, t] of this.tracked) {
      const w = wanted.get(id);
      if (!w || w.deploymentId !== t.deploymentId) this.tracked.delete(id);
      else t.url = w.member.url;
    }
    // Instances that left their pool: once their last update is done, the owner removes their health record.
    for (const [key, gone] of this.known) {
      if (current.has(key) || !this.replicas.owns(gone.member.instanceId)) continue;
      await this.queues.get(gone.member.instanceId);
      await this.store.remove(gone.deploymentId, gone.member.instanceId).catch(() => undefined);
      await this.slots.release(gone.deploymentId, gone.member.instanceId).catch(() => undefined);
    }
    this.known = current;
    const added = [...wanted.values()].filter((w) => !this.tracked.has(w.member.instanceId));
    if (added.length > 0) {
      // Carry on from what the previous owner stored (failure counts, ejection, back-off).
      const records = await Promise.all(added.map((w) => this.store.get(w.member.instanceId).catch(() => undefined)));
      added.forEach((w, i) => {
        const { policy } = this.settings.settingsFor(w.deploymentId);
        this.tracked.set(w.member.instanceId, {
          instanceId: w.member.instanceId,
          deploymentId: w.deploymentId,
          workspaceId: w.workspaceId,
          url: w.member.url,
          health: fromHealthRecord(records[i], w.member.instanceId, w.deploymentId),
          window: new LatencyWindow(policy.windowMs),
          probing: false,
          leaseBlockedUntil: 0,
        });
      });
    }
    for (const deploymentId of new Set(members.map((m) => m.deploymentId))) {
      if (!this.replicas.owns(`pool:${deploymentId}`)) continue;
      const ids = new Set(members.filter((m) => m.deploymentId === deploymentId).map((m) => m.member.instanceId));
      await this.slots.prune(deploymentId, ids).catch(() => undefined);
    }
  }
}
