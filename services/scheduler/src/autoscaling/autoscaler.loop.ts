import type { Logger } from '@switchyard/observability';
import { decideScale, pruneHistory, type Recommendation } from '../domain/autoscaler';
import type { DesiredDeployment } from '../domain/desired-state';
import type { DesiredStateStore } from '../desired/desired-state.store';
import type { SchedulerEventSink } from '../events/scheduler-events';
import type { LeaderLoop } from '../leader/leadership.coordinator';
import { PeriodicDeploymentPass } from '../leader/periodic-pass';
import type { SchedulerMetrics } from '../scheduler.metrics';
import type { PoolPressureReader } from './pool-pressure.reader';
import { scalingPolicyFor } from './scaling-policy';

export interface AutoscalerDeps {
  desired: DesiredStateStore;
  pressure: PoolPressureReader;
  events: SchedulerEventSink;
  /** False while a rollout owns the deployment (its replica count is fixed meanwhile). */
  scalable: (deploymentId: string) => boolean;
  /** Only the leader's writes count; 0 = not leader. */
  fence: () => number;
  kick: () => void;
  intervalMs: number;
  logger: Logger;
  metrics?: SchedulerMetrics;
}

interface ScalerMemory {
  history: Recommendation[];
  lastScaleAt?: number;
}

/**
 * The leader's auto-scaling loop: engine queue depth and in-flight requests (each instance's /metrics) and p95
 * (health monitor) feed the target-tracking decision (domain/autoscaler.ts) within min/max, with stabilisation
 * windows and cooldowns. A change sets the desired replicas (the reconciler acts on it) and is announced as
 * DeploymentScaled with reason `autoscale` (or `bounds` when min/max moved).
 */
export class AutoscalerLoop implements LeaderLoop {
  private readonly memory = new Map<string, ScalerMemory>();
  private readonly loop: PeriodicDeploymentPass;

  constructor(private readonly deps: AutoscalerDeps) {
    this.loop = new PeriodicDeploymentPass({ intervalMs: deps.intervalMs, desired: deps.desired, logger: deps.logger, what: 'auto-scaling', evaluate: (d) => this.evaluate(d) });
  }

  start(): void {
    // A new term starts with no scaling history (an old one could hold stale cooldowns).
    const started = this.loop.start();
    if (started) this.memory.clear();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  private async evaluate(desired: DesiredDeployment): Promise<void> {
    const policy = scalingPolicyFor(desired.deployment);
    if (!policy || desired.lifecycle !== 'running' || !this.deps.scalable(desired.deploymentId)) return;
    if (desired.deployment.runtime?.driver === 'static') return; // replicas are the user's endpoints
    const pressure = await this.deps.pressure.read(desired.deploymentId);
    if (pressure.reporting === 0 && desired.replicas >= policy.minReplicas && desired.replicas <= policy.maxReplicas) return;
    const memory = this.memory.get(desired.deploymentId) ?? { history: [] };
    this.memory.set(desired.deploymentId, memory);
    const now = Date.now();
    const decision = decideScale({
      now,
      current: desired.replicas,
      metrics: { queueDepthPerInstance: pressure.queueDepthPerInstance, inFlightPerInstance: pressure.inFlightPerInstance, p95Ms: pressure.p95Ms },
      policy,
      history: memory.history,
      lastScaleAt: memory.lastScaleAt,
    });
    memory.history = pruneHistory([...memory.history, { at: now, replicas: decision.proposal }], now, policy);
    if (decision.desired === desired.replicas || this.deps.fence() === 0) return;
    const from = desired.replicas;
    const updated = await this.deps.desired.update(desired.deploymentId, (d) => (d && d.replicas === from && d.lifecycle === 'running' ? { ...d, replicas: decision.desired } : undefined));
    if (updated?.replicas !== decision.desired) return; // changed meanwhile (a manual scale): decide again next pass
    memory.lastScaleAt = now;
    const reason = decision.reason.startsWith('replicas') ? 'bounds' : 'autoscale';
    this.deps.logger.info({ deploymentId: desired.deploymentId, from, to: decision.desired, why: decision.reason }, 'auto-scaling');
    this.deps.kick();
    this.deps.metrics?.scaleEvents.inc({ reason });
    await this.deps.events
      .emit('DeploymentScaled', { deploymentId: desired.deploymentId, fromReplicas: from, toReplicas: decision.desired, reason, detail: decision.reason }, { workspaceId: desired.workspaceId, aggregateId: desired.deploymentId })
      .catch((error: unknown) => this.deps.logger.warn({ err: (error as Error).message }, 'DeploymentScaled not published'));
  }
}
