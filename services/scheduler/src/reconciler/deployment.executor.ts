import type { DeploymentSnapshot, EventPayloads, EventType } from '@switchyard/contracts';
import { StaleLeaderError, type PoolStore } from '@switchyard/pool-state';
import type { Logger } from '@switchyard/observability';
import { readEngineMetrics } from '../drivers/engine-metrics.reader';
import type { DriverInstance, RuntimeDriver } from '../drivers/runtime-driver';
import type { SchedulerEventSink } from '../events/scheduler-events';
import type { SchedulerMetrics } from '../scheduler.metrics';
import { PoolMembership } from './pool-membership';

/** One deployment under this leader: its driver, its pool intent and the work in flight. */
export interface DeploymentContext {
  deploymentId: string;
  workspaceId: string;
  driver: RuntimeDriver;
  membership: PoolMembership;
  /** Pool writes of this deployment, one after the other. */
  writes: Promise<void>;
  /** Retirements running in the background. */
  background: Set<Promise<void>>;
}

export interface ExecutorDeps {
  pools: PoolStore;
  events: SchedulerEventSink;
  /** The leader's fencing token (0 = not leader: nothing is written). */
  fence: () => number;
  /** A write was refused as stale: this replica must stop leading. */
  onStale: (error: StaleLeaderError) => void;
  drainGraceMs: number;
  drainTimeoutMs: number;
  logger: Logger;
  metrics?: SchedulerMetrics;
}

/**
 * Carries out decisions for one deployment: starts instances, moves them in and out of the pool, retires them
 * (out of the pool first, drained and stopped after) and writes the pool record when it changed, announcing
 * members with InstanceRegistered / InstanceRemoved.
 */
export class DeploymentExecutor {
  constructor(private readonly deps: ExecutorDeps) {}

  instances(ctx: DeploymentContext): DriverInstance[] {
    return ctx.driver.instances(ctx.deploymentId);
  }

  async start(ctx: DeploymentContext, spec: DeploymentSnapshot, count: number): Promise<void> {
    if (count <= 0 || ctx.membership.status !== 'running') return;
    this.deps.logger.info({ deploymentId: ctx.deploymentId, revision: spec.specRevision, count }, 'starting instances');
    await ctx.driver.start(spec, count);
    this.deps.metrics?.instancesStarted.inc({ driver: ctx.driver.name }, count);
  }

  activate(ctx: DeploymentContext, ids: readonly string[]): void {
    for (const id of ids) {
      if (ctx.membership.retiring.has(id)) continue;
      ctx.membership.active.add(id);
      ctx.membership.draining.delete(id);
    }
  }

  /** Out of the pool, kept running (blue-green standby). */
  deactivate(ctx: DeploymentContext, ids: readonly string[]): void {
    for (const id of ids) ctx.membership.active.delete(id);
  }

  /** Out of the pool now (draining), then drained and stopped in the background, then removed from the record. */
  async retire(ctx: DeploymentContext, ids: readonly string[], reason: string): Promise<void> {
    const m = ctx.membership;
    const fresh = ids.filter((id) => !m.retiring.has(id));
    if (fresh.length === 0) return;
    for (const id of fresh) {
      m.retiring.add(id);
      if (m.active.delete(id) || m.orphans.has(id) || m.registered.has(id)) m.draining.add(id);
    }
    await this.flush(ctx);
    for (const id of fresh) {
      const task = this.stopOne(ctx, id, reason).finally(() => ctx.background.delete(task));
      ctx.background.add(task);
    }
  }

  private async stopOne(ctx: DeploymentContext, id: string, reason: string): Promise<void> {
    const m = ctx.membership;
    try {
      const orphan = m.orphans.get(id);
      if (orphan) {
        // Not ours to stop (a former leader's, or an endpoint removed from the spec): wait for its in-flight
        // requests when its engine tells, else for the drain grace.
        await new Promise((r) => setTimeout(r, this.deps.drainGraceMs));
        const deadline = Date.now() + this.deps.drainTimeoutMs;
        while (Date.now() < deadline) {
          const metrics = await readEngineMetrics(orphan.url, 1_000);
          if (!metrics || metrics.running + metrics.waiting === 0) break;
          await new Promise((r) => setTimeout(r, 200));
        }
      } else {
        await ctx.driver.stop(ctx.deploymentId, [id]);
        this.deps.metrics?.instancesStopped.inc({ driver: ctx.driver.name });
      }
    } catch (error) {
      this.deps.logger.error({ deploymentId: ctx.deploymentId, instanceId: id, err: (error as Error).message }, 'stopping an instance failed');
    }
    m.draining.delete(id);
    m.orphans.delete(id);
    m.retiring.delete(id);
    await this.flush(ctx);
    if (m.registered.delete(id) && this.deps.fence() > 0) {
      await this.emit(ctx, 'InstanceRemoved', { instanceId: id, deploymentId: ctx.deploymentId, reason });
    }
  }

  /** Writes the pool record if it changed, then announces new active members. Serialised per deployment. */
  flush(ctx: DeploymentContext): Promise<void> {
    const run = async () => {
      if (this.deps.fence() === 0) return;
      const instances = ctx.driver.instances(ctx.deploymentId);
      const record = ctx.membership.record(instances);
      const body = JSON.stringify(record);
      if (body === ctx.membership.lastWritten) return;
      try {
        await this.deps.pools.write(this.deps.fence(), record);
        ctx.membership.lastWritten = body;
        this.deps.metrics?.poolWrites.inc();
        ctx.membership.lastMembers = new Map(record.members.map((x) => [x.instanceId, x]));
      } catch (error) {
        if (error instanceof StaleLeaderError) {
          this.deps.onStale(error);
          return;
        }
        throw error;
      }
      for (const member of record.members) {
        if (member.state !== 'active' || ctx.membership.registered.has(member.instanceId)) continue;
        ctx.membership.registered.add(member.instanceId);
        await this.emit(ctx, 'InstanceRegistered', {
          instanceId: member.instanceId,
          deploymentId: ctx.deploymentId,
          url: member.url,
          revision: member.revision,
          weight: member.weight,
          priority: member.priority,
          driver: ctx.driver.name,
        });
      }
    };
    const next = ctx.writes.then(run, run);
    ctx.writes = next.catch((error: unknown) => {
      this.deps.logger.warn({ deploymentId: ctx.deploymentId, err: (error as Error).message }, 'pool write failed; retried next round');
    });
    return ctx.writes;
  }

  /** The deployment is gone: its pool record goes too. */
  async removePool(ctx: DeploymentContext): Promise<void> {
    await ctx.writes;
    if (this.deps.fence() === 0) return;
    try {
      await this.deps.pools.remove(this.deps.fence(), ctx.deploymentId);
    } catch (error) {
      if (error instanceof StaleLeaderError) this.deps.onStale(error);
      else throw error;
    }
  }

  async emit<T extends EventType>(ctx: DeploymentContext, type: T, data: EventPayloads[T]): Promise<void> {
    try {
      await this.deps.events.emit(type, data, { workspaceId: ctx.workspaceId, aggregateId: ctx.deploymentId });
    } catch (error) {
      this.deps.logger.warn({ deploymentId: ctx.deploymentId, type, err: (error as Error).message }, 'event not published');
    }
  }
}
