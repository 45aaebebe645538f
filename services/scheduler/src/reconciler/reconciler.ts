import type { PoolStore } from '@switchyard/pool-state';
import type { Logger } from '@switchyard/observability';
import type { DesiredDeployment } from '../domain/desired-state';
import { planSteadyState, type PlannedInstance } from '../domain/steady-state.plan';
import { answers, instanceUrl, type RuntimeDriver, type RuntimeDrivers } from '../drivers/runtime-driver';
import type { DesiredStateStore } from '../desired/desired-state.store';
import type { DeploymentContext, DeploymentExecutor } from './deployment.executor';
import { PoolMembership } from './pool-membership';

/** Rollouts take over a deployment while one runs (rollouts/). */
export interface RolloutHook {
  /** Handles the deployment this round if a rollout runs or must start; false = steady state applies. */
  step(ctx: DeploymentContext, desired: DesiredDeployment): Promise<boolean>;
  /** The revision steady state runs: the latest, or the previous one after the latest was rolled back. */
  revisionFor(desired: DesiredDeployment): number;
}

export const NO_ROLLOUTS: RolloutHook = { step: async () => false, revisionFor: (d) => d.deployment.specRevision };

export interface ReconcilerDeps {
  desired: DesiredStateStore;
  pools: PoolStore;
  executor: DeploymentExecutor;
  /** A fresh set per leadership term: closing them stops what they started. */
  createDrivers: () => RuntimeDrivers;
  rollouts: () => RolloutHook;
  intervalMs: number;
  logger: Logger;
}

/**
 * The leader's loop: desired state (Redis mirror of the registry) -> driver actions -> pool membership.
 * Each deployment is worked on by one task at a time; a slow one (draining) never holds up the others.
 */
export class Reconciler {
  private drivers?: RuntimeDrivers;
  private readonly contexts = new Map<string, DeploymentContext>();
  private readonly busy = new Set<string>();
  private timer?: NodeJS.Timeout;
  private running = false;
  private pass: Promise<void> = Promise.resolve();
  private readonly warned = new Set<string>();

  constructor(private readonly deps: ReconcilerDeps) {}

  get active(): boolean {
    return this.running;
  }

  context(deploymentId: string): DeploymentContext | undefined {
    return this.contexts.get(deploymentId);
  }

  /** Starts reconciling (this replica just became the leader). */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.drivers = this.deps.createDrivers();
    this.schedule(0);
  }

  /** Stops reconciling and everything the drivers started (leadership lost or shutdown). */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    await this.pass;
    const drivers = this.drivers;
    this.drivers = undefined;
    this.contexts.clear();
    this.busy.clear();
    if (drivers) await Promise.all([...drivers.values()].map((d) => d.close()));
  }

  /** Runs a pass soon (a desired state changed). */
  kick(): void {
    if (!this.running) return;
    if (this.timer) clearTimeout(this.timer);
    this.schedule(0);
  }

  private schedule(delay: number): void {
    this.timer = setTimeout(() => {
      this.pass = this.runPass().finally(() => {
        if (this.running) this.schedule(this.deps.intervalMs);
      });
    }, delay);
  }

  private async runPass(): Promise<void> {
    let all: Map<string, DesiredDeployment>;
    try {
      all = await this.deps.desired.all();
    } catch (error) {
      this.deps.logger.warn({ err: (error as Error).message }, 'desired state unavailable');
      return;
    }
    for (const desired of all.values()) {
      if (!this.running || this.busy.has(desired.deploymentId)) continue;
      this.busy.add(desired.deploymentId);
      void this.reconcile(desired)
        .catch((error: unknown) => this.deps.logger.error({ deploymentId: desired.deploymentId, err: (error as Error).message }, 'reconciliation failed'))
        .finally(() => this.busy.delete(desired.deploymentId));
    }
  }

  private driverFor(desired: DesiredDeployment): RuntimeDriver | undefined {
    const name = desired.deployment.runtime?.driver ?? 'static';
    const driver = this.drivers?.get(name);
    if (!driver && !this.warned.has(desired.deploymentId)) {
      this.warned.add(desired.deploymentId);
      this.deps.logger.error({ deploymentId: desired.deploymentId, driver: name }, 'no such runtime driver configured');
    }
    return driver;
  }

  private async contextFor(desired: DesiredDeployment, driver: RuntimeDriver): Promise<DeploymentContext> {
    const existing = this.contexts.get(desired.deploymentId);
    if (existing && existing.driver === driver) return existing;
    const record = await this.deps.pools.get(desired.deploymentId);
    const ctx: DeploymentContext = {
      deploymentId: desired.deploymentId,
      workspaceId: desired.workspaceId,
      driver,
      membership: PoolMembership.fromRecord(desired.deploymentId, desired.workspaceId, record, driver.instances(desired.deploymentId)),
      writes: Promise.resolve(),
      background: new Set(),
    };
    if (record) ctx.membership.lastWritten = JSON.stringify(ctx.membership.record(driver.instances(desired.deploymentId)));
    this.contexts.set(desired.deploymentId, ctx);
    return ctx;
  }

  private async reconcile(desired: DesiredDeployment): Promise<void> {
    const driver = this.driverFor(desired);
    if (!driver) return;
    const ctx = await this.contextFor(desired, driver);
    const { executor } = this.deps;
    const running = desired.lifecycle === 'running';
    if (running) await driver.sync(desired.deployment);
    // What the driver knows (now synced: static endpoints, kubernetes pods) is not an orphan.
    const known = driver.instances(ctx.deploymentId);
    for (const i of known) ctx.membership.orphans.delete(i.instanceId);
    ctx.membership.adoptVanished(known);
    await this.retireDeadOrphans(ctx, desired);
    if (running && ctx.membership.status === 'running' && (await this.deps.rollouts().step(ctx, desired))) {
      await executor.flush(ctx);
      return;
    }
    const revision = this.deps.rollouts().revisionFor(desired);
    const plan = planSteadyState({
      status: desired.lifecycle,
      replicas: desired.replicas,
      revision,
      manages: driver.manages,
      instances: this.planned(ctx),
    });
    if (plan.status !== ctx.membership.status) {
      // Stop and delete take the deployment out of the pool at once; in-flight requests finish while draining.
      ctx.membership.status = plan.status;
      this.deps.logger.info({ deploymentId: ctx.deploymentId, status: plan.status }, 'pool status changed');
    }
    if (plan.retire.length) await executor.retire(ctx, plan.retire, reasonFor(desired));
    executor.activate(ctx, plan.activate);
    const spec = desired.revisions[String(revision)] ?? desired.deployment;
    if (plan.start > 0) await executor.start(ctx, spec, plan.start);
    await executor.flush(ctx);
    if (desired.lifecycle === 'deleted') await this.finishDelete(ctx);
  }

  /** A former leader's members that no longer answer leave the pool at once (their processes died with it). */
  private async retireDeadOrphans(ctx: DeploymentContext, desired: DesiredDeployment): Promise<void> {
    const m = ctx.membership;
    const candidates = [...m.orphans.values()].filter((o) => !m.retiring.has(o.instanceId) && m.active.has(o.instanceId));
    if (candidates.length === 0) return;
    const path = desired.deployment.healthCheck?.path || '/health';
    const dead: string[] = [];
    await Promise.all(
      candidates.map(async (o) => {
        if (!(await answers(instanceUrl(o.url, path), 1_000))) dead.push(o.instanceId);
      }),
    );
    if (dead.length) await this.deps.executor.retire(ctx, dead, 'instance of a former leader is gone');
  }

  /** Once nothing of a deleted deployment runs, its pool and desired state go. */
  private async finishDelete(ctx: DeploymentContext): Promise<void> {
    if (ctx.background.size > 0 || ctx.driver.instances(ctx.deploymentId).length > 0 || ctx.membership.orphans.size > 0) return;
    await this.deps.executor.removePool(ctx);
    await this.deps.desired.update(ctx.deploymentId, (d) => (d?.lifecycle === 'deleted' ? null : undefined));
    this.contexts.delete(ctx.deploymentId);
    this.deps.logger.info({ deploymentId: ctx.deploymentId }, 'deployment deleted: every instance stopped');
  }

  private planned(ctx: DeploymentContext): PlannedInstance[] {
    const m = ctx.membership;
    const out: PlannedInstance[] = ctx.driver.instances(ctx.deploymentId).map((i) => ({
      instanceId: i.instanceId,
      revision: i.revision,
      phase: m.retiring.has(i.instanceId) ? 'stopping' : i.phase,
      member: m.draining.has(i.instanceId) ? 'draining' : m.active.has(i.instanceId) ? 'active' : undefined,
      orphan: false,
      startedAt: i.startedAt,
    }));
    for (const [id, o] of m.orphans) {
      out.push({
        instanceId: id,
        revision: o.revision,
        phase: m.retiring.has(id) ? 'stopping' : 'ready',
        member: m.draining.has(id) ? 'draining' : m.active.has(id) ? 'active' : undefined,
        orphan: true,
        startedAt: 0,
      });
    }
    return out;
  }
}

function reasonFor(desired: DesiredDeployment): string {
  if (desired.lifecycle === 'deleted') return 'deployment deleted';
  if (desired.lifecycle === 'stopped') return 'deployment stopped';
  return 'scaled down or replaced';
}
