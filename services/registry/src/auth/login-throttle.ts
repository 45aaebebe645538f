/** Failed-login limiting per e-mail (in memory): after `maxFailures` within `windowMs`, refuse until the window passes. */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly maxFailures = 5,
    private readonly windowMs = 15 * 60_000,
    private readonly maxTracked = 100_000,
  ) {}

  /** Milliseconds until another attempt is allowed; 0 = allowed now. */
  retryAfterMs(email: string, now: number): number {
    const recent = this.recent(email.toLowerCase(), now);
    if (recent.length < this.maxFailures) return 0;
    return recent[recent.length - this.maxFailures] + this.windowMs - now;
  }

  recordFailure(email: string, now: number): void {
    const key = email.toLowerCase();
    const recent = this.recent(key, now);
    recent.push(now);
    if (!this.failures.has(key) && this.failures.size >= this.maxTracked) {
      const oldest = this.failures.keys().next().value;
      if (oldest !== undefined) this.failures.delete(oldest);
    }
    this.failures.set(key, recent.slice(-this.maxFailures));
  }

  recordSuccess(email: string): void {
    this.failures.delete(email.toLowerCase());
  }

  private recent(key: string, now: number): number[] {
    return (this.failures.get(key) ?? []).filter((t) => now - t < this.windowMs);
  }
}
