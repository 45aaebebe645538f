// Fast non-cryptographic string hashing for ip-hash and sticky sessions: FNV-1a over UTF-16 code units with a
// murmur3 finalizer (FNV-1a alone spreads similar keys such as "user-1", "user-2" poorly over the high bits).
// Identical on every gateway replica for the same seed.

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** murmur3's fmix32: full avalanche of a 32-bit integer. */
export function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** 32-bit unsigned hash of a string. */
export function hashString(s: string, seed = 0): number {
  let h = (FNV_OFFSET ^ seed) >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  return mix32(h);
}

/** Hash of the pair (a, b) from their hashes, order-sensitive. */
export function combineHashes(a: number, b: number): number {
  return mix32((a ^ Math.imul(b, 0x9e3779b1)) >>> 0);
}
