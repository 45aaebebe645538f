import type { EventPayloads, HealthChangedSignal } from '@switchyard/contracts';

export type HealthEventType = 'InstanceHealthy' | 'InstanceUnhealthy' | 'InstanceDegraded';

export interface HealthEventMeta {
  workspaceId: string;
  aggregateId: string;
  aggregateVersion: number;
  time: Date;
}

/** Where health transitions are announced: durable events (JetStream) and best-effort HealthChanged signals. */
export interface HealthEventSink {
  /** Rejects when the event could not be published. */
  publish<T extends HealthEventType>(type: T, data: EventPayloads[T], meta: HealthEventMeta): Promise<void>;
  /** Best effort; never throws. */
  healthChanged(signal: HealthChangedSignal): void;
}
export const HEALTH_EVENTS = Symbol('health-monitor.events');
