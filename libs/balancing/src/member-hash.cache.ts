import { hashString } from './string-hash';

/** Caches the hash of each instance id so a pick hashes only the request's key. Pruned when it outgrows the pool. */
export class MemberHashCache {
  private readonly hashes = new Map<string, number>();
  constructor(private readonly seed: number) {}

  get(id: string): number {
    let h = this.hashes.get(id);
    if (h === undefined) {
      if (this.hashes.size >= 4096) this.hashes.clear();
      h = hashString(id, this.seed);
      this.hashes.set(id, h);
    }
    return h;
  }
}
