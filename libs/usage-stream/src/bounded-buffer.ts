/**
 * A FIFO with a hard bound: pushing into a full buffer drops the OLDEST item and counts it. Pure, no timers.
 * Backed by a ring so push/shift stay O(1) at 100k items.
 */
export class BoundedBuffer<T> {
  private items: Array<T | undefined>;
  private head = 0;
  private size = 0;
  private droppedCount = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be a positive integer');
    this.items = new Array<T | undefined>(capacity);
  }

  get length(): number {
    return this.size;
  }

  get dropped(): number {
    return this.droppedCount;
  }

  push(item: T): void {
    if (this.size === this.capacity) {
      this.items[this.head] = undefined;
      this.head = (this.head + 1) % this.capacity;
      this.size--;
      this.droppedCount++;
    }
    this.items[(this.head + this.size) % this.capacity] = item;
    this.size++;
  }

  /** Removes and returns up to `max` items from the front. */
  take(max: number): T[] {
    const n = Math.min(max, this.size);
    const out: T[] = new Array<T>(n);
    for (let i = 0; i < n; i++) {
      out[i] = this.items[this.head] as T;
      this.items[this.head] = undefined;
      this.head = (this.head + 1) % this.capacity;
    }
    this.size -= n;
    return out;
  }

  /**
   * Puts items back at the front (a failed send), keeping their order. Items that no longer fit are the oldest
   * and are dropped (counted): newer records win over older ones, as with push.
   */
  unshift(items: readonly T[]): void {
    const room = this.capacity - this.size;
    const keep = items.length <= room ? items : items.slice(items.length - room);
    this.droppedCount += items.length - keep.length;
    for (let i = keep.length - 1; i >= 0; i--) {
      this.head = (this.head - 1 + this.capacity) % this.capacity;
      this.items[this.head] = keep[i];
      this.size++;
    }
  }
}
