import type { EventPayloads, EventType } from '@switchyard/contracts';
import type { EventPublisher } from '@switchyard/messaging';
import type { RedisClient } from '../leader/leader-election';
import type { SchedulerEventSink } from './scheduler-events';

/**
 * Publishes the scheduler's events on JetStream. Aggregate versions are monotonic per (scheduler, aggregate)
 * across replicas and restarts: a Redis counter per aggregate.
 */
export class NatsEventSink implements SchedulerEventSink {
  constructor(private readonly publisher: EventPublisher, private readonly redis: RedisClient, private readonly prefix: string) {}

  async emit<T extends EventType>(type: T, data: EventPayloads[T], meta: { workspaceId: string; aggregateId: string }): Promise<void> {
    const aggregateVersion = await this.redis.incr(`${this.prefix}scheduler:event-version:${meta.aggregateId}`);
    await this.publisher.emit(type, data, { ...meta, aggregateVersion });
  }
}
