import { Injectable } from '@nestjs/common';

/** Wakes the outbox relay after a commit. Decouples the writers from the relay (which may not be running). */
@Injectable()
export class OutboxSignal {
  private readonly listeners = new Set<() => void>();

  onCommit(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  committed(): void {
    for (const listener of this.listeners) listener();
  }
}
