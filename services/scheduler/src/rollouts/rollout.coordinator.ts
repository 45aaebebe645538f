import { randomUUID } from 'node:crypto';
import type { HealthStore, InstanceHealthRecord } from '@switchyard/pool-state';
import type { Logger } from '@switchyard/observability';
import { StaleFenceError, type RolloutStore } from '@switchyard/scheduler-store';
import type { DesiredDeployment } from '../domain/desired-state';
import { commandRollout, decideRollout, newRollout, type RolloutCommand } from '../domain/rollout.machine';
import type { InstanceHealthView, RolloutAction, RolloutInstance, RolloutState } from '../domain/rollout.types';
import type { DriverInstance } from '../drivers/runtime-driver';
import type { DeploymentContext, DeploymentExecutor } from '../reconciler/deployment.executor';
import type { RolloutHook } from '../reconciler/reconciler';
import { rolloutParamsFrom } from './rollout-params';
import type { TrafficWindow } from './traffic.window';

export class RolloutCommandError extends Error {
  readonly retryable: boolean;
  constructor(message: string, readonly status: number, readonly context: Record<string, unknown> = {}) {
    super(message);
    this.name = 'RolloutCommandError';
    this.retryable = status === 503;
  }
}

export interface RolloutCoordinatorDeps {
  store: RolloutStore;
  health: HealthStore;
  executor: DeploymentExecutor;
  traffic: TrafficWindow;
  fence: () => number;
  onStale: () => void;
  kick: () => void;
  logger: Logger;
}

const FINISHED = new Set(['completed', 'rolled-back']);

/**
 * Runs rollouts as the domain's state machines (rolling, blue-green, canary), persisted in PostgreSQL so a new
 * leader resumes them. A rollout starts when a managed deployment's spec revision moves past what its instances
 * run; while it runs it owns the deployment's instances and pool; manual pause, resume and rollback go through
 * commandRollout.
 */
export class RolloutCoordinator implements RolloutHook {
  /** The newest rollout per deployment (finished ones too: a rolled-back revision is not retried). */
  private readonly latest = new Map<string, RolloutState | null>();

  constructor(private readonly deps: RolloutCoordinatorDeps) {}

  revisionFor(desired: DesiredDeployment): number {
    const r = this.latest.get(desired.deploymentId);
    if (r && r.status === 'rolled-back' && r.toRevision === desired.deployment.specRevision) return r.fromRevision;
    return desired.deployment.specRevision;
  }

  async step(ctx: DeploymentContext, desired: DesiredDeployment): Promise<boolean> {
    let state = await this.load(ctx.deploymentId);
    if (!state || FINISHED.has(state.status)) {
      if (!ctx.driver.manages) return false;
      state = await this.maybeStart(ctx, desired, state ?? undefined);
      if (!state) return false;
    }
    const now = Date.now();
    const observation = { now, instances: await this.observe(ctx), ...this.trafficFor(ctx, state) };
    const decision = decideRollout(state, observation);
    await this.apply(ctx, desired, decision.state, decision.actions);
    if (JSON.stringify(decision.state) !== JSON.stringify(state)) await this.save(decision.state);
    return true;
  }

  /** Pause, resume or roll back the running rollout of a deployment (leader only). */
  async command(deploymentId: string, command: RolloutCommand): Promise<RolloutState> {
    if (this.deps.fence() === 0) throw new RolloutCommandError('this scheduler replica is not the leader; retry', 503);
    const state = await this.load(deploymentId);
    if (!state) throw new RolloutCommandError(`deployment ${deploymentId} has no rollout`, 404, { deploymentId });
    const result = commandRollout(state, command, Date.now());
    if (result.error) throw new RolloutCommandError(result.error, 409, { deploymentId, command });
    await this.save(result.state);
    this.deps.logger.info({ deploymentId, rolloutId: state.id, command }, 'rollout command applied');
    this.deps.kick();
    return result.state;
  }

  /** A rollout owns the deployment now (its replica count is fixed meanwhile). */
  isRunning(deploymentId: string): boolean {
    const state = this.latest.get(deploymentId);
    return !!state && !FINISHED.has(state.status);
  }

  /** Forgets cached rows (a new leadership term reads them again). */
  reset(): void {
    this.latest.clear();
  }

  /** As a leader loop: nothing to run on its own; the cache is dropped when leadership changes. */
  asLeaderLoop(): { start(): void; stop(): Promise<void> } {
    return { start: () => this.reset(), stop: async () => this.reset() };
  }

  /** The newest rollout of a deployment from PostgreSQL (any replica can answer). */
  async current(deploymentId: string): Promise<RolloutState | undefined> {
    return (await this.deps.store.latest<RolloutState>(deploymentId))?.state;
  }

  private async load(deploymentId: string): Promise<RolloutState | undefined> {
    if (!this.latest.has(deploymentId)) {
      const row = await this.deps.store.latest<RolloutState>(deploymentId);
      this.latest.set(deploymentId, row?.state ?? null);
    }
    return this.latest.get(deploymentId) ?? undefined;
  }

  private async save(state: RolloutState): Promise<void> {
    try {
      await this.deps.store.save(this.deps.fence(), { id: state.id, deploymentId: state.deploymentId, status: state.status, state });
      this.latest.set(state.deploymentId, state);
    } catch (error) {
      if (error instanceof StaleFenceError) this.deps.onStale();
      throw error;
    }
  }

  private async maybeStart(ctx: DeploymentContext, desired: DesiredDeployment, previous: RolloutState | undefined): Promise<RolloutState | undefined> {
    const to = desired.deployment.specRevision;
    if (previous && previous.toRevision >= to) return undefined; // done (or rolled back) for this revision
    const running = ctx.driver.instances(ctx.deploymentId).filter((i) => i.phase !== 'stopping' && i.phase !== 'failed' && !ctx.membership.retiring.has(i.instanceId));
    const older = running.filter((i) => i.revision < to);
    if (older.length === 0) return undefined; // nothing to replace: steady state starts the new revision directly
    const from = Math.max(...older.map((i) => i.revision));
    const state = newRollout({
      id: randomUUID(),
      deploymentId: ctx.deploymentId,
      strategy: desired.deployment.updateStrategy,
      fromRevision: from,
      toRevision: to,
      replicas: desired.replicas,
      now: Date.now(),
      params: rolloutParamsFrom(desired.deployment.runtime?.settings),
    });
    await this.save(state);
    const fromSpec = desired.revisions[String(from)];
    await this.deps.executor.emit(ctx, 'RolloutStarted', {
      rolloutId: state.id,
      deploymentId: ctx.deploymentId,
      strategy: state.strategy,
      fromRevision: from,
      toRevision: to,
      fromVersion: fromSpec?.version ?? '',
      toVersion: desired.deployment.version,
      totalSteps: totalSteps(state),
    });
    this.deps.logger.info({ deploymentId: ctx.deploymentId, rolloutId: state.id, strategy: state.strategy, from, to }, 'rollout started');
    return state;
  }

  private async observe(ctx: DeploymentContext): Promise<RolloutInstance[]> {
    const m = ctx.membership;
    const records = new Map((await this.deps.health.forDeployment(ctx.deploymentId).catch(() => [] as InstanceHealthRecord[])).map((r) => [r.instanceId, r]));
    const own = ctx.driver.instances(ctx.deploymentId).filter((i) => i.phase !== 'stopping' && !m.retiring.has(i.instanceId));
    const out = own.map((i) => ({ instanceId: i.instanceId, revision: i.revision, health: healthOf(i, records.get(i.instanceId)), active: m.active.has(i.instanceId), startedAt: i.startedAt }));
    // Members a former leader left: counted only while the health monitor vouches for them.
    for (const [id, o] of m.orphans) {
      const h = records.get(id);
      if (m.retiring.has(id) || !h || (h.state !== 'healthy' && h.state !== 'degraded')) continue;
      out.push({ instanceId: id, revision: o.revision, health: h.state, active: m.active.has(id), startedAt: 0 });
    }
    return out;
  }

  private trafficFor(ctx: DeploymentContext, state: RolloutState) {
    if (state.strategy !== 'canary' || state.phase !== 'bake') return {};
    const byRevision = (rev: number) => ctx.driver.instances(ctx.deploymentId).filter((i) => i.revision === rev).map((i) => i.instanceId);
    return {
      canary: this.deps.traffic.metrics(byRevision(state.toRevision), state.phaseStartedAt),
      baseline: this.deps.traffic.metrics(byRevision(state.fromRevision), state.phaseStartedAt),
    };
  }

  private async apply(ctx: DeploymentContext, desired: DesiredDeployment, state: RolloutState, actions: readonly RolloutAction[]): Promise<void> {
    const { executor } = this.deps;
    for (const action of actions) {
      switch (action.kind) {
        case 'start': {
          const spec = desired.revisions[String(action.revision)];
          if (!spec) {
            this.deps.logger.error({ deploymentId: ctx.deploymentId, revision: action.revision }, 'no spec kept for this revision; cannot start it');
            break;
          }
          await executor.start(ctx, spec, action.count);
          break;
        }
        case 'activate':
          executor.activate(ctx, action.instanceIds);
          break;
        case 'deactivate':
          executor.deactivate(ctx, action.instanceIds);
          break;
        case 'stop':
          await executor.retire(ctx, action.instanceIds, `rollout ${state.id}`);
          break;
        case 'split':
          ctx.membership.split = action.split;
          break;
        case 'event':
          await this.emitEvent(ctx, state, action.type);
          break;
      }
    }
  }

  private async emitEvent(ctx: DeploymentContext, state: RolloutState, type: 'RolloutProgressed' | 'RolloutCompleted' | 'RolloutRolledBack'): Promise<void> {
    const { executor } = this.deps;
    const base = { rolloutId: state.id, deploymentId: ctx.deploymentId };
    if (type === 'RolloutCompleted') {
      const row = await this.deps.store.get(state.id).catch(() => undefined);
      const durationMs = row ? Math.max(0, Date.now() - row.createdAt.getTime()) : 0;
      await executor.emit(ctx, type, { ...base, toRevision: state.toRevision, durationMs });
    } else if (type === 'RolloutRolledBack') {
      const reason = state.reason ?? 'rolled back';
      await executor.emit(ctx, type, { ...base, fromRevision: state.toRevision, toRevision: state.fromRevision, reason, automatic: !reason.includes('by a user') });
    } else {
      const updated = ctx.driver.instances(ctx.deploymentId).filter((i: DriverInstance) => i.revision === state.toRevision && i.phase === 'ready').length;
      const percent = state.strategy === 'canary' ? state.params.canary.steps[Math.min(state.stepIndex, state.params.canary.steps.length - 1)] : Math.round((Math.min(updated, state.replicas) / state.replicas) * 100);
      await executor.emit(ctx, type, {
        ...base,
        step: state.strategy === 'canary' ? state.stepIndex + 1 : state.strategy === 'blue-green' ? (state.phase === 'standby' ? 2 : 1) : Math.min(updated, state.replicas),
        totalSteps: totalSteps(state),
        trafficPercent: state.strategy === 'blue-green' ? (state.phase === 'standby' ? 100 : 0) : percent,
        updatedReplicas: updated,
        totalReplicas: state.replicas,
        phase: state.phase,
      });
    }
  }
}

function healthOf(i: DriverInstance, record: InstanceHealthRecord | undefined): InstanceHealthView {
  if (i.phase === 'failed') return 'failed';
  if (i.phase === 'starting') return 'starting';
  // The health monitor's verdict once it has one; the driver's connectivity check until then.
  if (record && (record.state === 'healthy' || record.state === 'degraded' || record.state === 'ejected' || record.state === 'starting')) return record.state;
  return 'healthy';
}

function totalSteps(state: RolloutState): number {
  if (state.strategy === 'canary') return state.params.canary.steps.length;
  if (state.strategy === 'blue-green') return 2;
  return state.replicas;
}
