/** Redis key layout under the prefix (e.g. 'sy:rl:'): one hash per API key and minute window, `<prefix>{<keyId>}:<minute>`,
 * fields `r` (requests) and `t` (tokens). The braces keep a key's windows in one Redis Cluster slot. */
export class RateLimitKeys {
  constructor(readonly prefix = 'sy:rl:') {}
  window(keyId: string, window: number): string {
    return `${this.prefix}{${keyId}}:${window}`;
  }
}

/** Seconds a window's hash lives: the current and the previous minute are read, plus slack for clock skew. */
export const WINDOW_KEY_TTL_SECONDS = 180;
