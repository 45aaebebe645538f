import { Inject, Injectable } from '@nestjs/common';
import { Signals, type SignalName, type SignalPayloads } from '@switchyard/contracts';
import type { Logger } from '@switchyard/observability';
import { LOGGER } from '@switchyard/service-kit';
import { NatsConnection } from './nats-connection';

/** Largest signal we send or accept; signals are small status notes, never documents. */
export const MAX_SIGNAL_BYTES = 64 * 1024;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Best-effort signals on core NATS (not stored): a lost one is repaired by the next one or a resync. */
@Injectable()
export class SignalBus {
  private readonly log: Logger;

  constructor(
    private readonly conn: NatsConnection,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.log = logger.child({ component: 'signal-bus' });
  }

  /** Publishes JSON on the namespaced Signals[name]. Never throws; drops the signal when disconnected. */
  signal<K extends SignalName>(name: K, payload: SignalPayloads[K]): void {
    if (!this.conn.isConnected()) return;
    try {
      const bytes = encoder.encode(JSON.stringify(payload));
      if (bytes.length > MAX_SIGNAL_BYTES) {
        this.log.warn({ signal: name, bytes: bytes.length }, 'signal too large; dropped');
        return;
      }
      this.conn.nc().publish(this.conn.subject(Signals[name]), bytes);
    } catch (err) {
      this.log.debug({ signal: name, err: err instanceof Error ? err.message : String(err) }, 'signal dropped');
    }
  }

  /**
   * Calls `handler` for each signal `name` (with `queue`, replicas in the same group share them). Malformed or
   * oversized signals are dropped; a throwing handler is logged. Returns the unsubscribe function.
   */
  on<K extends SignalName>(
    name: K,
    handler: (payload: SignalPayloads[K]) => void,
    opts: { queue?: string } = {},
  ): () => void {
    const sub = this.conn.nc().subscribe(this.conn.subject(Signals[name]), {
      queue: opts.queue,
      callback: (err, msg) => {
        if (err) {
          this.log.warn({ signal: name, err: err.message }, 'signal subscription error');
          return;
        }
        if (msg.data.length > MAX_SIGNAL_BYTES) return;
        let payload: unknown;
        try {
          payload = JSON.parse(decoder.decode(msg.data));
        } catch {
          this.log.debug({ signal: name }, 'malformed signal dropped');
          return;
        }
        if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
          this.log.debug({ signal: name }, 'non-object signal dropped');
          return;
        }
        try {
          handler(payload as SignalPayloads[K]);
        } catch (handlerErr) {
          this.log.warn(
            { signal: name, err: handlerErr instanceof Error ? handlerErr.message : String(handlerErr) },
            'signal handler threw',
          );
        }
      },
    });
    return () => {
      if (!sub.isClosed()) sub.unsubscribe();
    };
  }
}
