// One refresh per refresh token, however many requests notice the expiry at once. The registry rotates refresh
// tokens and treats reuse of a rotated one as theft (it ends every session), so concurrent requests of one browser
// must share one refresh call and its answer. Pure apart from the injected refresh function and clock.

export interface CoalescerOptions<T> {
  refresh: (refreshToken: string) => Promise<T>;
  now?: () => number;
  /** How long a result is handed to late requests still carrying the old refresh token. */
  keepMs?: number;
  maxEntries?: number;
}

interface Entry<T> {
  promise: Promise<T>;
  settledAt: number | null;
}

export class RefreshCoalescer<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly now: () => number;
  private readonly keepMs: number;
  private readonly maxEntries: number;

  constructor(private readonly options: CoalescerOptions<T>) {
    this.now = options.now ?? Date.now;
    this.keepMs = options.keepMs ?? 30_000;
    this.maxEntries = options.maxEntries ?? 10_000;
  }

  refresh(refreshToken: string): Promise<T> {
    this.sweep();
    const existing = this.entries.get(refreshToken);
    if (existing) return existing.promise;
    const entry: Entry<T> = { promise: Promise.resolve(null as T), settledAt: null };
    entry.promise = this.options.refresh(refreshToken).then(
      (value) => {
        entry.settledAt = this.now();
        return value;
      },
      (error: unknown) => {
        // Failures are not kept: a later request may succeed (e.g. the registry was restarting).
        this.entries.delete(refreshToken);
        throw error;
      },
    );
    this.entries.set(refreshToken, entry);
    return entry.promise;
  }

  get size(): number {
    return this.entries.size;
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, e] of this.entries) {
      if (e.settledAt !== null && now - e.settledAt > this.keepMs) this.entries.delete(key);
    }
    while (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }
}
