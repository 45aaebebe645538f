import { complete, isUp, newInstanceFailure, revisionSets, startRollback } from './rollout.helpers';
import type { RolloutAction, RolloutDecision, RolloutObservation, RolloutState, RolloutStrategy } from './rollout.types';

/**
 * Rolling update: new instances are started up to maxSurge above the replica count; each must be healthy
 * (and is put in the pool) before an old one is drained, keeping at least replicas − maxUnavailable serving.
 * A new instance that fails or is not healthy in time rolls everything back automatically.
 */
export class RollingStrategy implements RolloutStrategy {
  readonly name = 'rolling' as const;

  decide(state: RolloutState, obs: RolloutObservation): RolloutDecision {
    const { maxSurge, maxUnavailable, readyTimeoutMs } = state.params.rolling;
    const failure = newInstanceFailure(state, obs, readyTimeoutMs);
    if (failure) return startRollback(state, obs.now, failure);

    const { fresh, old } = revisionSets(state, obs);
    const actions: RolloutAction[] = [];
    const N = state.replicas;

    const toActivate = fresh.filter((i) => isUp(i) && !i.active).map((i) => i.instanceId);
    if (toActivate.length) actions.push({ kind: 'activate', instanceIds: toActivate });

    const serving = [...old, ...fresh].filter((i) => isUp(i) && (i.active || toActivate.includes(i.instanceId))).length;
    // Drain old instances while enough others serve.
    const minServing = Math.max(0, N - maxUnavailable);
    const drainable = Math.min(old.length, Math.max(0, serving - minServing));
    // Prefer draining old instances that are not up anyway.
    const drainOrder = [...old].sort((a, b) => Number(isUp(a)) - Number(isUp(b)));
    const drained = drainOrder.slice(0, drainable);
    if (drained.length) actions.push({ kind: 'stop', instanceIds: drained.map((i) => i.instanceId) });

    const remainingOld = old.length - drained.length;
    const room = N + maxSurge - (remainingOld + fresh.length);
    const toStart = Math.min(N - fresh.length, room);
    if (toStart > 0) actions.push({ kind: 'start', revision: state.toRevision, count: toStart });

    const upFresh = fresh.filter(isUp).length;
    if (remainingOld === 0 && upFresh >= N) {
      return complete(state, obs.now, actions, `${N} instances on revision ${state.toRevision}`);
    }
    if (drained.length || toStart > 0) {
      actions.push({ kind: 'event', type: 'RolloutProgressed', detail: `${upFresh}/${N} new instances healthy, ${remainingOld} old left` });
    }
    return { state, actions };
  }
}
