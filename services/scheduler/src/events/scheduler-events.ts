import type { EventPayloads, EventType } from '@switchyard/contracts';

/** Where the scheduler's own events go (InstanceRegistered, InstanceRemoved, DeploymentScaled, Rollout*). */
export interface SchedulerEventSink {
  emit<T extends EventType>(type: T, data: EventPayloads[T], meta: { workspaceId: string; aggregateId: string }): Promise<void>;
}

export const SCHEDULER_EVENTS = Symbol('scheduler.events');
