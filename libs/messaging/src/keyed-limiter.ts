/**
 * Runs tasks with at most `limit` in flight overall and one at a time per key (events of one aggregate stay in
 * order while different aggregates proceed in parallel). `acquire` waits for a free slot: the caller stops pulling
 * more work while the limiter is full.
 */
export class KeyedLimiter {
  private inFlight = 0;
  private readonly waiters: Array<() => void> = [];
  private readonly tails = new Map<string, Promise<void>>();
  private idleResolvers: Array<() => void> = [];

  constructor(private readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${limit}`);
  }

  get active(): number {
    return this.inFlight;
  }

  /** Resolves when a slot is free; the slot is then taken (run() gives it back). */
  async acquire(): Promise<void> {
    if (this.inFlight < this.limit) {
      this.inFlight += 1;
      return;
    }
    await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  /** Runs `task` after the previous task of `key`, in the slot taken by acquire(); never rejects. */
  run(key: string, task: () => Promise<void>): Promise<void> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const current = previous.then(task).catch(() => undefined);
    this.tails.set(key, current);
    return current.finally(() => {
      if (this.tails.get(key) === current) this.tails.delete(key);
      this.release();
    });
  }

  /** Resolves once nothing is in flight. */
  idle(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleResolvers.push(resolve));
  }

  private release(): void {
    const next = this.waiters.shift();
    if (next) {
      next();
      return;
    }
    this.inFlight -= 1;
    if (this.inFlight === 0) {
      const resolvers = this.idleResolvers;
      this.idleResolvers = [];
      resolvers.forEach((r) => r());
    }
  }
}
