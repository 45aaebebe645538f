// The rate-limit port the proxy uses (satisfied by @switchyard/rate-limit's RateLimiter), and an allow-all
// stand-in for when no Redis-backed limiter is configured.
import type { KeyLimits, LimitDecision } from '@switchyard/rate-limit';

export interface RequestLimiter {
  check(keyId: string, limits: KeyLimits, estimatedTokens: number, nowMs?: number): LimitDecision;
  adjustTokens(keyId: string, delta: number, nowMs?: number): void;
}

export const ALLOW_ALL: RequestLimiter = {
  check: () => ({ allowed: true, retryAfterSeconds: 0 }),
  adjustTokens: () => undefined,
};
