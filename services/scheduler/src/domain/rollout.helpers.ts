import type { RolloutAction, RolloutDecision, RolloutInstance, RolloutObservation, RolloutState } from './rollout.types';

export const isUp = (i: RolloutInstance) => i.health === 'healthy' || i.health === 'degraded';

export function revisionSets(state: RolloutState, obs: RolloutObservation) {
  const alive = obs.instances.filter((i) => i.health !== 'failed');
  return {
    fresh: alive.filter((i) => i.revision === state.toRevision),
    old: alive.filter((i) => i.revision === state.fromRevision),
    failedNew: obs.instances.filter((i) => i.revision === state.toRevision && i.health === 'failed'),
  };
}

/** A new instance that failed, or is still not up after the ready timeout, or was ejected. */
export function newInstanceFailure(state: RolloutState, obs: RolloutObservation, readyTimeoutMs: number): string | undefined {
  const { fresh, failedNew } = revisionSets(state, obs);
  if (failedNew.length > 0) return `new instance ${failedNew[0].instanceId} failed`;
  const late = fresh.find((i) => !isUp(i) && i.health !== 'ejected' && obs.now - i.startedAt > readyTimeoutMs);
  if (late) return `new instance ${late.instanceId} not healthy after ${Math.round(readyTimeoutMs / 1000)} s`;
  const ejected = fresh.find((i) => i.health === 'ejected');
  if (ejected) return `new instance ${ejected.instanceId} was ejected by health checks`;
  return undefined;
}

/** Begins an automatic or manual rollback. */
export function startRollback(state: RolloutState, now: number, reason: string): RolloutDecision {
  return {
    state: { ...state, status: 'rolling-back', phase: 'rollback', phaseStartedAt: now, reason },
    actions: [{ kind: 'split', split: null }],
  };
}

/**
 * Rolling back, whatever the strategy: the old revision back to the replica count and active, every new
 * instance stopped. Done (RolloutRolledBack) once enough old instances are up.
 */
export function continueRollback(state: RolloutState, obs: RolloutObservation): RolloutDecision {
  const { old } = revisionSets(state, obs);
  const actions: RolloutAction[] = [];
  const newInstances = obs.instances.filter((i) => i.revision === state.toRevision); // failed ones too: clean up
  if (newInstances.length) actions.push({ kind: 'stop', instanceIds: newInstances.map((i) => i.instanceId) });
  const missing = state.replicas - old.length;
  if (missing > 0) actions.push({ kind: 'start', revision: state.fromRevision, count: missing });
  const toActivate = old.filter((i) => isUp(i) && !i.active).map((i) => i.instanceId);
  if (toActivate.length) actions.push({ kind: 'activate', instanceIds: toActivate });
  // Done once the old revision serves at full strength; the new instances stop in this same step.
  if (old.filter(isUp).length >= state.replicas) {
    actions.push({ kind: 'event', type: 'RolloutRolledBack', detail: state.reason ?? 'rolled back' });
    return { state: { ...state, status: 'rolled-back', phase: 'done', phaseStartedAt: obs.now }, actions };
  }
  return { state, actions };
}

export function complete(state: RolloutState, now: number, actions: RolloutAction[], detail: string): RolloutDecision {
  actions.push({ kind: 'event', type: 'RolloutCompleted', detail });
  return { state: { ...state, status: 'completed', phase: 'done', phaseStartedAt: now }, actions };
}
