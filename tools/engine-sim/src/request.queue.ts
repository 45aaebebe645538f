// The engine's admission: at most `limit` requests run at once (0 = unlimited); the rest wait FIFO and start as
// slots free up. No I/O and no timers: callers tell it when a request finishes or is abandoned.

export interface QueueTicket {
  /** Called once, when the request may run (synchronously from enqueue when a slot is free). */
  start(): void;
}

interface Waiter {
  ticket: QueueTicket;
  cancelled: boolean;
}

export class RequestQueue {
  private runningCount = 0;
  private waitingCount = 0;
  private readonly waiters: Array<Waiter | undefined> = [];
  private head = 0;
  private draining = false;

  constructor(private limit: number) {}

  get running(): number {
    return this.runningCount;
  }

  get waiting(): number {
    return this.waitingCount;
  }

  /** Fast path: takes a slot if one is free, without queueing. */
  tryAcquire(): boolean {
    if (this.limit !== 0 && this.runningCount >= this.limit) return false;
    if (this.waitingCount > 0) return false; // FIFO: nobody jumps the queue
    this.runningCount++;
    return true;
  }

  /** Starts the ticket now if a slot is free, else queues it. Returns a handle to cancel a queued ticket. */
  enqueue(ticket: QueueTicket): () => boolean {
    if (this.tryAcquire()) {
      ticket.start();
      return () => false;
    }
    const waiter: Waiter = { ticket, cancelled: false };
    this.waiters.push(waiter);
    this.waitingCount++;
    return () => {
      if (waiter.cancelled) return false;
      waiter.cancelled = true;
      this.waitingCount--;
      return true;
    };
  }

  /** A running request finished (or was abandoned): its slot goes to the next waiter. */
  release(): void {
    if (this.runningCount > 0) this.runningCount--;
    this.drain();
  }

  setLimit(limit: number): void {
    this.limit = limit;
    this.drain();
  }

  /** Forgets every waiter without starting it (server shutdown). */
  clear(): void {
    for (const waiter of this.waiters) if (waiter) waiter.cancelled = true;
    this.waiters.length = 0;
    this.head = 0;
    this.waitingCount = 0;
    this.runningCount = 0;
  }

  private drain(): void {
    if (this.draining) return; // a ticket finished inside start(): the loop below picks up its slot
    this.draining = true;
    try {
      this.drainLoop();
    } finally {
      this.draining = false;
    }
  }

  private drainLoop(): void {
    while (this.head < this.waiters.length && (this.limit === 0 || this.runningCount < this.limit)) {
      const waiter = this.waiters[this.head];
      this.waiters[this.head++] = undefined;
      if (!waiter || waiter.cancelled) continue;
      this.waitingCount--;
      this.runningCount++;
      waiter.cancelled = true; // no longer cancellable
      waiter.ticket.start();
    }
    if (this.head > 1024 && this.head * 2 > this.waiters.length) {
      this.waiters.splice(0, this.head);
      this.head = 0;
    }
    if (this.head === this.waiters.length) {
      this.waiters.length = 0;
      this.head = 0;
    }
  }
}
