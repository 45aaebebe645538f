import { hashString } from './string-hash';

/**
 * Consistent-hash ring (sticky sessions): each member owns `vnodes` points on a 32-bit ring, a key belongs to the
 * first point clockwise from its hash. Adding or removing one of N members moves about 1/N of the keys, and only
 * to or from that member. Lookups are a binary search; excluded members are skipped clockwise.
 */
export class HashRing {
  private readonly points: Uint32Array;
  private readonly owners: Uint32Array;
  readonly members: readonly string[];

  constructor(members: readonly string[], vnodes = 160, private readonly seed = 0) {
    this.members = [...new Set(members)];
    const perMember = Math.max(1, Math.min(1024, Math.floor(Number.isFinite(vnodes) ? vnodes : 160)));
    const entries: Array<[number, number]> = [];
    this.members.forEach((m, idx) => {
      for (let v = 0; v < perMember; v++) entries.push([hashString(`${m}#${v}`, seed), idx]);
    });
    // Collisions between members resolve by member id so every replica builds the same ring in any input order.
    entries.sort((a, b) => a[0] - b[0] || (this.members[a[1]] < this.members[b[1]] ? -1 : 1));
    this.points = Uint32Array.from(entries, (e) => e[0]);
    this.owners = Uint32Array.from(entries, (e) => e[1]);
  }

  get size(): number {
    return this.members.length;
  }

  /** The member owning `key`, skipping excluded members; undefined when the ring is empty or all are excluded. */
  lookup(key: string, exclude?: ReadonlySet<string>): string | undefined {
    const n = this.points.length;
    if (n === 0) return undefined;
    const h = hashString(key, this.seed);
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.points[mid] < h) lo = mid + 1;
      else hi = mid;
    }
    for (let step = 0; step < n; step++) {
      const member = this.members[this.owners[(lo + step) % n]];
      if (!exclude || !exclude.has(member)) return member;
    }
    return undefined;
  }
}
