import type { HealthPolicy } from './health-policy';
import type { InstanceHealth, Transition } from './instance-health.machine';

/**
 * Ends a provider key's cooldown once its ejection time has passed. The monitor holds no provider secrets, so
 * it cannot probe a key itself: the key goes back into rotation on probation (one failure short of the
 * threshold). The next request's outcome decides: a success confirms it, a failure cools it down again,
 * for twice as long (the ejection back-off).
 */
export function endCooldown(current: InstanceHealth, now: number, policy: HealthPolicy): { next: InstanceHealth; transition?: Transition } {
  if (current.state !== 'ejected' || (current.ejectedUntil ?? 0) > now) return { next: current };
  const reason = 'cooldown over: back in rotation on probation';
  const next: InstanceHealth = {
    ...current,
    state: 'healthy',
    reason,
    ejectedUntil: undefined,
    consecutiveSuccesses: 0,
    consecutiveFailures: Math.max(0, policy.failureThreshold - 1),
    healthySince: now,
    capped: false,
  };
  return { next, transition: { instanceId: current.instanceId, deploymentId: current.deploymentId, from: 'ejected', to: 'healthy', reason, at: now } };
}
