import { complete, isUp, newInstanceFailure, revisionSets, startRollback } from './rollout.helpers';
import type { RolloutAction, RolloutDecision, RolloutObservation, RolloutState, RolloutStrategy } from './rollout.types';

/**
 * Blue-green: the new set comes up in full beside the old one; once every new instance is healthy, traffic
 * switches at once; the old set stays running (out of the pool) for the rollback window, then stops.
 */
export class BlueGreenStrategy implements RolloutStrategy {
  readonly name = 'blue-green' as const;

  decide(state: RolloutState, obs: RolloutObservation): RolloutDecision {
    const { readyTimeoutMs, rollbackWindowMs } = state.params.blueGreen;
    const { fresh, old } = revisionSets(state, obs);
    const N = state.replicas;
    const failure = newInstanceFailure(state, obs, readyTimeoutMs);
    if (failure) return startRollback(state, obs.now, failure);

    if (state.phase === 'provision' || state.phase === 'start') {
      const actions: RolloutAction[] = [];
      if (fresh.length < N) actions.push({ kind: 'start', revision: state.toRevision, count: N - fresh.length });
      if (fresh.filter(isUp).length >= N) {
        actions.push(
          { kind: 'activate', instanceIds: fresh.map((i) => i.instanceId) },
          { kind: 'deactivate', instanceIds: old.map((i) => i.instanceId) },
          { kind: 'event', type: 'RolloutProgressed', detail: `switched traffic to revision ${state.toRevision}; old set on standby` },
        );
        return { state: { ...state, phase: 'standby', phaseStartedAt: obs.now }, actions };
      }
      return { state: state.phase === 'start' ? { ...state, phase: 'provision' } : state, actions };
    }

    // standby: the new set serves; the old set waits for a possible rollback.
    if (obs.now - state.phaseStartedAt >= rollbackWindowMs) {
      const actions: RolloutAction[] = [];
      if (old.length) actions.push({ kind: 'stop', instanceIds: old.map((i) => i.instanceId) });
      return complete(state, obs.now, actions, `rollback window over; revision ${state.fromRevision} stopped`);
    }
    return { state, actions: [] };
  }
}
