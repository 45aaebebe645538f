import { Injectable } from '@nestjs/common';
import type { EventPayloads, HealthChangedSignal } from '@switchyard/contracts';
import { EventPublisher, SignalBus } from '@switchyard/messaging';
import type { HealthEventMeta, HealthEventSink, HealthEventType } from '../events/health-events.port';

/** Health events on JetStream (durable, deduplicated by event id) and HealthChanged on core NATS. */
@Injectable()
export class NatsHealthEvents implements HealthEventSink {
  constructor(
    private readonly publisher: EventPublisher,
    private readonly signals: SignalBus,
  ) {}

  async publish<T extends HealthEventType>(type: T, data: EventPayloads[T], meta: HealthEventMeta): Promise<void> {
    await this.publisher.emit(type, data, meta);
  }

  healthChanged(signal: HealthChangedSignal): void {
    this.signals.signal('HealthChanged', signal);
  }
}
