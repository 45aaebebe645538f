// In-flight requests per instance through this gateway (least connections, metrics, stats).
export class InFlightTracker {
  private readonly counts = new Map<string, number>();
  total = 0;

  get(id: string): number {
    return this.counts.get(id) ?? 0;
  }

  acquire(id: string): void {
    this.counts.set(id, (this.counts.get(id) ?? 0) + 1);
    this.total++;
  }

  release(id: string): void {
    const n = (this.counts.get(id) ?? 0) - 1;
    if (n <= 0) this.counts.delete(id);
    else this.counts.set(id, n);
    this.total = Math.max(0, this.total - 1);
  }
}
