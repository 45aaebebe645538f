/**
 * Rendezvous (highest random weight) hashing: each key belongs to the replica with the highest score for it.
 * When a replica leaves, only its keys move (spread over the others); when one joins, it takes ~1/n of the keys.
 */
export function rendezvousOwner(key: string, replicas: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestScore = -1;
  for (const replica of replicas) {
    const s = score(replica, key);
    if (s > bestScore || (s === bestScore && best !== undefined && replica < best)) {
      best = replica;
      bestScore = s;
    }
  }
  return best;
}

/** FNV-1a over "replica\0key", finished with murmur3's avalanche so similar ids spread well. Unsigned 32-bit. */
export function score(replica: string, key: string): number {
  let h = 0x811c9dc5;
  const text = `${replica}\u0000${key}`;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
