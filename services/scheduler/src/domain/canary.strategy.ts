import { complete, isUp, newInstanceFailure, revisionSets, startRollback } from './rollout.helpers';
import type { RolloutAction, RolloutDecision, RolloutObservation, RolloutState, RolloutStrategy, TrafficMetrics } from './rollout.types';

/**
 * Canary: the new revision gets a small share of traffic (steps such as 5, 25, 50, 100%), each step watched
 * for a bake time and gated on the canary's error rate and p95 against the old revision's. A regression
 * rolls back automatically; passing the last step replaces the old instances.
 */
export class CanaryStrategy implements RolloutStrategy {
  readonly name = 'canary' as const;

  decide(state: RolloutState, obs: RolloutObservation): RolloutDecision {
    const p = state.params.canary;
    const failure = newInstanceFailure(state, obs, p.readyTimeoutMs);
    if (failure) return startRollback(state, obs.now, failure);

    const { fresh, old } = revisionSets(state, obs);
    const N = state.replicas;
    const percent = p.steps[Math.min(state.stepIndex, p.steps.length - 1)];
    const wanted = percent >= 100 ? N : Math.max(1, Math.ceil((N * percent) / 100));
    const actions: RolloutAction[] = [];

    if (fresh.length < wanted) actions.push({ kind: 'start', revision: state.toRevision, count: wanted - fresh.length });
    const up = fresh.filter(isUp);
    const toActivate = up.filter((i) => !i.active).map((i) => i.instanceId);
    if (toActivate.length) actions.push({ kind: 'activate', instanceIds: toActivate });

    if (up.length < wanted) {
      // Still provisioning this step's instances: the clock of the step starts when they serve.
      return { state: { ...state, phase: 'provision', phaseStartedAt: obs.now }, actions };
    }

    if (state.phase !== 'bake') {
      actions.push(
        { kind: 'split', split: percent >= 100 ? null : splitFor(state, percent) },
        { kind: 'event', type: 'RolloutProgressed', detail: `canary at ${percent}% of traffic` },
      );
      return { state: { ...state, phase: 'bake', phaseStartedAt: obs.now }, actions };
    }

    const regression = judge(obs.canary, obs.baseline, p);
    if (regression) return startRollback(state, obs.now, regression);

    const baked = obs.now - state.phaseStartedAt;
    if (baked < p.bakeMs) return { state, actions };
    const enough = (obs.canary?.count ?? 0) >= p.minRequests;
    if (!enough && baked < 3 * p.bakeMs && percent < 100) return { state, actions }; // wait for evidence, up to 3 bakes

    if (percent >= 100) {
      if (old.length) actions.push({ kind: 'stop', instanceIds: old.map((i) => i.instanceId) });
      return complete(state, obs.now, actions, `canary passed every step; revision ${state.toRevision} serves all traffic`);
    }
    return { state: { ...state, stepIndex: state.stepIndex + 1, phase: 'provision', phaseStartedAt: obs.now }, actions };
  }
}

function splitFor(state: RolloutState, percent: number): Record<string, number> {
  const share = Math.round(percent * 10) / 1000;
  return { [String(state.toRevision)]: share, [String(state.fromRevision)]: Math.round((1 - share) * 1000) / 1000 };
}

/** A regression reason, or undefined while the canary is as good as the baseline (or too little evidence). */
export function judge(canary: TrafficMetrics | undefined, baseline: TrafficMetrics | undefined, p: RolloutState['params']['canary']): string | undefined {
  if (!canary || canary.count < p.minRequests) return undefined;
  const baseError = baseline?.errorRate ?? 0;
  if (canary.errorRate - baseError > p.maxErrorRateIncrease) {
    return `canary error rate ${(canary.errorRate * 100).toFixed(1)}% vs baseline ${(baseError * 100).toFixed(1)}%`;
  }
  if (canary.p95Ms !== undefined && baseline?.p95Ms !== undefined && baseline.p95Ms > 0 && canary.p95Ms > baseline.p95Ms * p.maxP95Ratio) {
    return `canary p95 ${Math.round(canary.p95Ms)} ms vs baseline ${Math.round(baseline.p95Ms)} ms`;
  }
  return undefined;
}
