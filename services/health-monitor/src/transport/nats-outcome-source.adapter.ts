import { Injectable } from '@nestjs/common';
import { SignalBus } from '@switchyard/messaging';
import type { OutcomeSource } from '../passive/outcome-source.port';

/** The gateways' UpstreamOutcome signals. No queue group: every replica hears all and keeps its own share. */
@Injectable()
export class NatsOutcomeSource implements OutcomeSource {
  constructor(private readonly signals: SignalBus) {}

  subscribe(handler: (payload: unknown) => void): () => void {
    return this.signals.on('UpstreamOutcome', handler);
  }
}
