import { z } from 'zod';
import type { Logger } from '@switchyard/observability';
import type { PoolPressureReader } from '../autoscaling/pool-pressure.reader';
import type { DesiredDeployment } from '../domain/desired-state';
import { DEFAULT_OVERFLOW, decideOverflow, type OverflowPolicy } from '../domain/overflow';
import type { DesiredStateStore } from '../desired/desired-state.store';
import type { LeaderLoop } from '../leader/leadership.coordinator';
import { PeriodicDeploymentPass } from '../leader/periodic-pass';

const overrides = z
  .object({
    queueDepthHigh: z.number().min(0).max(100_000),
    queueDepthLow: z.number().min(0).max(100_000),
    ttftHighMs: z.number().min(0).max(600_000),
    ttftLowMs: z.number().min(0).max(600_000),
    step: z.number().positive().max(1),
    maxShare: z.number().min(0).max(1),
  })
  .partial();

/** DEFAULT_OVERFLOW with a deployment's `runtime.settings.overflow` (malformed settings are ignored). */
export function overflowPolicyFor(d: DesiredDeployment['deployment']): OverflowPolicy {
  const parsed = overrides.safeParse(d.runtime?.settings?.overflow ?? {});
  return { ...DEFAULT_OVERFLOW, ...(parsed.success ? parsed.data : {}) };
}

export interface OverflowDeps {
  desired: DesiredStateStore;
  pressure: PoolPressureReader;
  /** Sets the share on the deployment's pool record (the gateway shifts that share to the route's SaaS target). */
  setShare: (deploymentId: string, share: number) => Promise<boolean>;
  currentShare: (deploymentId: string) => number | undefined;
  intervalMs: number;
  logger: Logger;
}

/**
 * Overflow: a deployment at its max replicas whose queue depth or latency stays high shifts a growing share of
 * its route's traffic to the route's SaaS target (PoolRecord.overflowShare), and shifts it back step by step once
 * the pressure is gone (domain/overflow.ts, with hysteresis).
 */
export class OverflowLoop implements LeaderLoop {
  private readonly loop: PeriodicDeploymentPass;

  constructor(private readonly deps: OverflowDeps) {
    this.loop = new PeriodicDeploymentPass({ intervalMs: deps.intervalMs, desired: deps.desired, logger: deps.logger, what: 'overflow', evaluate: (d) => this.evaluate(d) });
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  private async evaluate(desired: DesiredDeployment): Promise<void> {
    if (desired.lifecycle !== 'running') return;
    const currentShare = this.deps.currentShare(desired.deploymentId);
    if (currentShare === undefined) return; // not reconciled by this leader yet
    const pressure = await this.deps.pressure.read(desired.deploymentId);
    if (pressure.reporting === 0 && currentShare === 0) return;
    const d = desired.deployment;
    const decision = decideOverflow({
      atMaxReplicas: desired.replicas >= d.maxReplicas,
      queueDepthPerInstance: pressure.queueDepthPerInstance,
      ttftP95Ms: pressure.p95Ms,
      currentShare,
      policy: overflowPolicyFor(d),
    });
    if (decision.share === currentShare) return;
    if (await this.deps.setShare(desired.deploymentId, decision.share)) {
      this.deps.logger.info({ deploymentId: desired.deploymentId, from: currentShare, to: decision.share, why: decision.reason }, 'overflow share changed');
    }
  }
}
