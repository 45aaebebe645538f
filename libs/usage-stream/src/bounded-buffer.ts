/**
 * A FIFO with a hard bound: pushing into a full buffer drops the OLDEST item and counts it. Pure, no timers.
 * Backed by a ring so push/shift stay O(1) at 100k items. The ring starts small and doubles (up to the capacity)
 * only when it fills: a 100k-capacity buffer that stays near empty (the usual case: the stream keeps up) holds
 * 1,024 slots, not 800 kB of preallocated pointers.
 */
export const INITIAL_RING_SLOTS = 1024;

export class BoundedBuffer<T> {
  private items: Array<T | undefined>;
  private head = 0;
  private size = 0;
  private droppedCount = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be a positive integer');
    this.items = new Array<T | undefined>(Math.min(capacity, INITIAL_RING_SLOTS));
  }

  get length(): number {
    return this.size;
  }

  get dropped(): number {
    return this.droppedCount;
  }

  /** Slots allocated now (grows towards `capacity` as the buffer fills). */
  get slots(): number {
    return this.items.length;
  }

  push(item: T): void {
    if (this.size === this.items.length) this.grow(1);
    const slots = this.items.length;
    if (this.size === this.capacity) {
      this.items[this.head] = undefined;
      this.head = (this.head + 1) % slots;
      this.size--;
      this.droppedCount++;
    }
    this.items[(this.head + this.size) % slots] = item;
    this.size++;
  }

  /** Removes and returns up to `max` items from the front. */
  take(max: number): T[] {
    const n = Math.min(max, this.size);
    const slots = this.items.length;
    const out: T[] = new Array<T>(n);
    for (let i = 0; i < n; i++) {
      out[i] = this.items[this.head] as T;
      this.items[this.head] = undefined;
      this.head = (this.head + 1) % slots;
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
    this.grow(keep.length);
    const slots = this.items.length;
    for (let i = keep.length - 1; i >= 0; i--) {
      this.head = (this.head - 1 + slots) % slots;
      this.items[this.head] = keep[i];
      this.size++;
    }
  }

  /** Makes room for `extra` more items (within the capacity), copying the ring in order to a larger one. */
  private grow(extra: number): void {
    const slots = this.items.length;
    const needed = Math.min(this.capacity, this.size + extra);
    if (needed <= slots) return;
    let next = slots;
    while (next < needed) next *= 2;
    next = Math.min(next, this.capacity);
    const items = new Array<T | undefined>(next);
    for (let i = 0; i < this.size; i++) items[i] = this.items[(this.head + i) % slots];
    this.items = items;
    this.head = 0;
  }
}
