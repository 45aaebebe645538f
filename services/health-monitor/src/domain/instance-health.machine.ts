import type { HealthPolicy } from './health-policy';

export type HealthState = 'starting' | 'healthy' | 'degraded' | 'ejected';

/** What the monitor knows about one instance. Times are epoch milliseconds. */
export interface InstanceHealth {
  instanceId: string;
  deploymentId: string;
  state: HealthState;
  consecutiveFailures: number;
  consecutiveSuccesses: number;
  /** Ejections remembered for the back-off; decays after a long healthy streak. */
  ejections: number;
  ejectedUntil?: number;
  /** Last time the instance answered well (probe or real traffic). */
  lastHeartbeat?: number;
  lastCheck?: number;
  /** Last active probe (passive signals do not move it: they must not postpone probes of a failing instance). */
  lastProbe?: number;
  lastPassiveOk?: number;
  /** Start of the current healthy streak, for the back-off decay. */
  healthySince?: number;
  /** At the failure threshold but kept in the pool because the ejection cap is reached. */
  capped: boolean;
  reason?: string;
}

export interface CheckResult {
  ok: boolean;
  at: number;
  source: 'probe' | 'passive';
  /** Why it failed: "timeout", "connection refused", "HTTP 503"… */
  reason?: string;
}

/** The pool around the instance, for the ejection cap. */
export interface PoolView {
  size: number;
  ejected: number;
}

export interface Transition {
  instanceId: string;
  deploymentId: string;
  from: HealthState;
  to: HealthState;
  reason: string;
  at: number;
}

export function newInstanceHealth(instanceId: string, deploymentId: string): InstanceHealth {
  return { instanceId, deploymentId, state: 'starting', consecutiveFailures: 0, consecutiveSuccesses: 0, ejections: 0, capped: false };
}

/** How many instances of a pool may be ejected at once: the share, but always at least one. */
export function ejectionAllowance(poolSize: number, share: number): number {
  if (poolSize <= 0) return 0;
  return Math.max(1, Math.floor(poolSize * share));
}

/** Minimum time out of the pool for the n-th ejection (1-based): base, 2×base, 4×base… capped. */
export function ejectionDuration(n: number, policy: HealthPolicy): number {
  const factor = 2 ** Math.max(0, Math.min(n - 1, 30));
  return Math.min(policy.baseEjectionMs * factor, policy.maxEjectionMs);
}

/** Folds one check into the instance's health. Pure: returns the next value and the transition, if any. */
export function applyCheck(
  current: InstanceHealth,
  result: CheckResult,
  policy: HealthPolicy,
  pool: PoolView,
): { next: InstanceHealth; transition?: Transition } {
  const next: InstanceHealth = { ...current, lastCheck: result.at };
  if (result.source === 'probe') next.lastProbe = result.at;
  const move = (to: HealthState, reason: string) => {
    const transition: Transition = { instanceId: current.instanceId, deploymentId: current.deploymentId, from: current.state, to, reason, at: result.at };
    next.state = to;
    next.reason = reason;
    return { next, transition };
  };

  if (result.ok) {
    next.consecutiveFailures = 0;
    next.consecutiveSuccesses = current.consecutiveSuccesses + 1;
    next.lastHeartbeat = result.at;
    if (result.source === 'passive') next.lastPassiveOk = result.at;
    next.capped = false;
    switch (current.state) {
      case 'starting':
        if (next.consecutiveSuccesses >= policy.successThreshold) {
          next.healthySince = result.at;
          return move('healthy', `${next.consecutiveSuccesses} consecutive successful checks`);
        }
        return { next };
      case 'ejected':
        if (next.consecutiveSuccesses >= policy.successThreshold && result.at >= (current.ejectedUntil ?? 0)) {
          next.healthySince = result.at;
          next.ejectedUntil = undefined;
          return move('healthy', `recovered: ${next.consecutiveSuccesses} consecutive successful checks`);
        }
        return { next };
      case 'healthy':
      case 'degraded': {
        const since = current.healthySince ?? result.at;
        if (current.ejections > 0 && result.at - since >= policy.ejectionDecayMs) {
          next.ejections = current.ejections - 1;
          next.healthySince = result.at;
        } else {
          next.healthySince = since;
        }
        return { next };
      }
    }
  }

  next.consecutiveSuccesses = 0;
  next.consecutiveFailures = current.consecutiveFailures + 1;
  next.healthySince = undefined;
  const reason = result.reason ?? 'check failed';
  if (current.state === 'ejected') {
    next.reason = reason;
    return { next };
  }
  if (next.consecutiveFailures < policy.failureThreshold) return { next };
  if (pool.ejected >= ejectionAllowance(pool.size, policy.maxEjectionShare)) {
    next.capped = true;
    next.reason = `${reason}; kept in the pool: ejection cap of ${Math.round(policy.maxEjectionShare * 100)}% reached`;
    return { next };
  }
  next.ejections = current.ejections + 1;
  next.ejectedUntil = result.at + ejectionDuration(next.ejections, policy);
  next.capped = false;
  return move('ejected', `${next.consecutiveFailures} consecutive failed checks: ${reason}`);
}

/** Whether an active probe is due now. Ejected and starting instances are always probed on schedule. */
export function probeDue(health: InstanceHealth, now: number, policy: HealthPolicy): 'probe' | 'skip' | 'wait' {
  const last = health.lastProbe ?? health.lastCheck;
  if (last !== undefined && now - last < policy.intervalMs) return 'wait';
  if (
    policy.skipProbeWhenPassiveOk &&
    (health.state === 'healthy' || health.state === 'degraded') &&
    health.lastPassiveOk !== undefined &&
    now - health.lastPassiveOk < policy.intervalMs
  ) {
    return 'skip';
  }
  return 'probe';
}
