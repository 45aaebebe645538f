import { BlueGreenStrategy } from './blue-green.strategy';
import { CanaryStrategy } from './canary.strategy';
import { continueRollback, startRollback } from './rollout.helpers';
import { RollingStrategy } from './rolling.strategy';
import {
  DEFAULT_ROLLOUT_PARAMS, type RolloutDecision, type RolloutObservation, type RolloutParams, type RolloutState,
  type RolloutStrategy, type RolloutStrategyName,
} from './rollout.types';

export const ROLLOUT_STRATEGIES: Record<RolloutStrategyName, RolloutStrategy> = {
  rolling: new RollingStrategy(),
  'blue-green': new BlueGreenStrategy(),
  canary: new CanaryStrategy(),
};

export function newRollout(input: {
  id: string;
  deploymentId: string;
  strategy: RolloutStrategyName;
  fromRevision: number;
  toRevision: number;
  replicas: number;
  now: number;
  params?: { rolling?: Partial<RolloutParams['rolling']>; blueGreen?: Partial<RolloutParams['blueGreen']>; canary?: Partial<RolloutParams['canary']> };
}): RolloutState {
  const params: RolloutParams = {
    rolling: { ...DEFAULT_ROLLOUT_PARAMS.rolling, ...input.params?.rolling },
    blueGreen: { ...DEFAULT_ROLLOUT_PARAMS.blueGreen, ...input.params?.blueGreen },
    canary: { ...DEFAULT_ROLLOUT_PARAMS.canary, ...input.params?.canary },
  };
  const steps = [...new Set(params.canary.steps.filter((s) => s > 0 && s <= 100))].sort((a, b) => a - b);
  if (steps[steps.length - 1] !== 100) steps.push(100);
  params.canary.steps = steps;
  params.rolling.maxSurge = Math.max(0, Math.floor(params.rolling.maxSurge));
  params.rolling.maxUnavailable = Math.max(0, Math.floor(params.rolling.maxUnavailable));
  if (params.rolling.maxSurge === 0 && params.rolling.maxUnavailable === 0) params.rolling.maxSurge = 1; // else it could never move
  return {
    id: input.id,
    deploymentId: input.deploymentId,
    strategy: input.strategy,
    fromRevision: input.fromRevision,
    toRevision: input.toRevision,
    replicas: Math.max(1, input.replicas),
    status: 'running',
    phase: 'start',
    stepIndex: 0,
    phaseStartedAt: input.now,
    params,
  };
}

/** One reconciliation step of a rollout: pure, so a restarted scheduler resumes from the persisted state. */
export function decideRollout(state: RolloutState, obs: RolloutObservation): RolloutDecision {
  switch (state.status) {
    case 'completed':
    case 'rolled-back':
    case 'paused':
      return { state, actions: [] };
    case 'rolling-back':
      return continueRollback(state, obs);
    case 'running':
      return ROLLOUT_STRATEGIES[state.strategy].decide(state, obs);
  }
}

export type RolloutCommand = 'pause' | 'resume' | 'rollback';

/** Manual pause, resume and rollback. Invalid commands for the state say why. */
export function commandRollout(state: RolloutState, command: RolloutCommand, now: number): { state: RolloutState; error?: string } {
  const finished = state.status === 'completed' || state.status === 'rolled-back';
  if (finished) return { state, error: `rollout is already ${state.status}` };
  switch (command) {
    case 'pause':
      if (state.status !== 'running') return { state, error: `cannot pause a rollout that is ${state.status}` };
      return { state: { ...state, status: 'paused', reason: 'paused by a user' } };
    case 'resume':
      if (state.status !== 'paused') return { state, error: `cannot resume a rollout that is ${state.status}` };
      return { state: { ...state, status: 'running', reason: undefined, phaseStartedAt: state.phase === 'bake' ? now : state.phaseStartedAt } };
    case 'rollback':
      if (state.status === 'rolling-back') return { state, error: 'rollout is already rolling back' };
      return { state: startRollback(state, now, 'rolled back by a user').state };
  }
}
