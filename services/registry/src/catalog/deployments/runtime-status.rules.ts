import type { EventType } from '@switchyard/contracts';

/** Scheduler events that tell the registry how a deployment actually runs. */
export type RuntimeSignal = Extract<EventType, 'InstanceRegistered' | 'RolloutStarted' | 'RolloutCompleted' | 'RolloutRolledBack'>;

/**
 * The status a deployment moves to when the scheduler reports on it, or undefined to leave it as it is. Pure.
 * The registry owns `status`; the scheduler owns the instances. A first registered instance makes a pending or
 * (re)starting deployment `running`; a rollout makes a running one `updating` and back. Stop, delete and
 * failure are decided by the registry's own actions, so those states never change here.
 */
export function nextRuntimeStatus(current: string, signal: RuntimeSignal): string | undefined {
  switch (signal) {
    case 'InstanceRegistered':
      return current === 'pending' || current === 'deploying' || current === 'failed' ? 'running' : undefined;
    case 'RolloutStarted':
      return current === 'running' ? 'updating' : undefined;
    case 'RolloutCompleted':
    case 'RolloutRolledBack':
      return current === 'updating' || current === 'deploying' || current === 'pending' ? 'running' : undefined;
  }
}
