import type { WindowCounts } from './rate-limit.types';

/** Requests and tokens counted in one window. */
export interface Counts {
  requests: number;
  tokens: number;
}

/** Deltas to add to the global counters, by window (minute index). */
export type WindowDeltas = Map<number, Counts>;

/**
 * The counts one gateway replica knows for one API key: the global totals read at the last sync, the local deltas in
 * the sync that is in flight, and the local deltas not sent yet. Their sum is this replica's view of the global count.
 * No I/O: the RateLimiter moves deltas through beginSync / endSync around its Redis round trip.
 */
export class KeyCounters {
  private readonly known = new Map<number, Counts>();
  private pending: WindowDeltas = new Map();
  private sending: WindowDeltas | undefined;
  /** Latest window this key was used in. */
  lastWindow = Number.NEGATIVE_INFINITY;

  add(window: number, requests: number, tokens: number): void {
    if (window > this.lastWindow) this.lastWindow = window;
    addTo(this.pending, window, requests, tokens);
  }

  /** This replica's view of the counts of `window` and the one before it. */
  view(window: number): { requests: WindowCounts; tokens: WindowCounts } {
    const prev = this.total(window - 1);
    const curr = this.total(window);
    return {
      requests: { previous: prev.requests, current: curr.requests },
      tokens: { previous: prev.tokens, current: curr.tokens },
    };
  }

  get hasUnsent(): boolean {
    return this.pending.size > 0 || this.sending !== undefined;
  }

  get syncing(): boolean {
    return this.sending !== undefined;
  }

  /** Moves the pending deltas into the in-flight sync (dropping windows older than the previous one) and returns them. */
  beginSync(currentWindow: number): WindowDeltas {
    const deltas: WindowDeltas = new Map();
    for (const [w, c] of this.pending) if (w >= currentWindow - 1 && (c.requests !== 0 || c.tokens !== 0)) deltas.set(w, c);
    this.pending = new Map();
    this.sending = deltas;
    return deltas;
  }

  /**
   * Ends the sync. With `totals` (global counts read after adding the deltas), they replace what was known; without
   * (Redis failed) the deltas go back to pending, to be sent with the next sync. `dropDeltas` forgets them instead
   * (Redis refused the commands: sending them again would fail again).
   */
  endSync(totals: Map<number, Counts> | undefined, dropDeltas = false): void {
    const sent = this.sending;
    this.sending = undefined;
    if (totals) {
      for (const [w, c] of totals) this.known.set(w, c);
    } else if (sent && !dropDeltas) {
      for (const [w, c] of sent) addTo(this.pending, w, c.requests, c.tokens);
    }
    for (const w of this.known.keys()) if (w < this.lastWindow - 1) this.known.delete(w);
  }

  private total(window: number): Counts {
    const k = this.known.get(window);
    const s = this.sending?.get(window);
    const p = this.pending.get(window);
    return {
      requests: (k?.requests ?? 0) + (s?.requests ?? 0) + (p?.requests ?? 0),
      tokens: (k?.tokens ?? 0) + (s?.tokens ?? 0) + (p?.tokens ?? 0),
    };
  }
}

function addTo(map: WindowDeltas, window: number, requests: number, tokens: number): void {
  const c = map.get(window);
  if (c) {
    c.requests += requests;
    c.tokens += tokens;
  } else {
    map.set(window, { requests, tokens });
  }
}
