// Cancellation of one client request (the client went away): what AbortController did for the proxy, without the
// EventTarget machinery per request. Satisfies @switchyard/upstream-http's CancelSignal.
import type { CancelSignal } from '@switchyard/upstream-http';

export class RequestCancellation implements CancelSignal {
  aborted = false;
  private listeners: Array<() => void> | undefined;

  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    const listeners = this.listeners;
    this.listeners = undefined;
    if (listeners) for (const listener of listeners) listener();
  }

  addEventListener(_type: 'abort', listener: () => void): void {
    if (this.aborted) return;
    (this.listeners ??= []).push(listener);
  }

  removeEventListener(_type: 'abort', listener: () => void): void {
    const listeners = this.listeners;
    if (!listeners) return;
    const i = listeners.indexOf(listener);
    if (i >= 0) listeners.splice(i, 1);
  }
}
