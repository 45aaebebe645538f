import type { KeyLimits, LimitDecision, WindowCounts } from './rate-limit.types';
import { WINDOW_MS } from './rate-limit.types';

// Pure rate-limit decision: the sliding-window estimate over two fixed one-minute windows (as Cloudflare and nginx
// describe it) and the admit / refuse decision with a Retry-After. No I/O, no clock: time comes in as numbers.

/** The fixed window (minute index) holding `nowMs` and how far into it `nowMs` is, in [0, 1). */
export function windowAt(nowMs: number): { window: number; elapsedFraction: number } {
  const window = Math.floor(nowMs / WINDOW_MS);
  return { window, elapsedFraction: (nowMs - window * WINDOW_MS) / WINDOW_MS };
}

/** previous x (1 - elapsed fraction) + current: the count over the last minute, assuming the previous one was even. */
export function slidingWindowEstimate(previous: number, current: number, elapsedFraction: number): number {
  const f = clampFraction(elapsedFraction);
  return Math.max(0, nonNegative(previous) * (1 - f) + finiteOr0(current));
}

/** The limit as a number, or undefined for "no limit". */
export function effectiveLimit(limit: number | null | undefined): number | undefined {
  if (limit === null || limit === undefined || !Number.isFinite(limit) || limit < 0) return undefined;
  return limit;
}

/**
 * Seconds from now until `need` more fits under `limit`, assuming no further traffic: the estimate falls as the
 * previous window slides out, and again after the current window turns into the previous one. A `need` larger than
 * the whole limit is admitted only into an empty window.
 */
export function secondsUntilFits(counts: WindowCounts, need: number, limit: number, elapsedFraction: number): number {
  const f = clampFraction(elapsedFraction);
  const prev = nonNegative(counts.previous);
  const curr = Math.max(0, finiteOr0(counts.current));
  const room = need > limit ? 0 : limit - need; // the estimate that must be reached
  const windowSeconds = WINDOW_MS / 1000;
  if (curr <= room) {
    // within this window: prev x (1 - g) + curr <= room  <=>  g >= 1 - (room - curr) / prev
    const g = prev > 0 ? Math.max(f, 1 - (room - curr) / prev) : f;
    return (g - f) * windowSeconds;
  }
  // after the turn the current count becomes the previous one: curr x (1 - g') <= room
  const g2 = Math.max(0, 1 - room / curr);
  return (1 - f + g2) * windowSeconds;
}

export interface DecisionInput {
  limits: KeyLimits;
  requests: WindowCounts;
  tokens: WindowCounts;
  /** Tokens this request is expected to use (prompt + max_tokens, or prompt only). */
  estimatedTokens: number;
  elapsedFraction: number;
}

/**
 * Admit when one more request fits under requestsPerMinute and the estimated tokens fit under tokensPerMinute (a
 * request larger than the whole token limit is admitted only into an empty window, so it is not refused forever;
 * a limit of 0 refuses everything).
 * When refused, the reason is the first limit hit and Retry-After is the longest wait of the limits hit.
 */
export function decide(input: DecisionInput): LimitDecision {
  const f = clampFraction(input.elapsedFraction);
  let retryAfter = 0;
  let reason: LimitDecision['reason'];

  const rpm = effectiveLimit(input.limits.requestsPerMinute);
  if (rpm !== undefined && !fits(input.requests, 1, rpm, f)) {
    reason = 'requests';
    retryAfter = Math.max(retryAfter, secondsUntilFits(input.requests, 1, rpm, f));
  }
  const tpm = effectiveLimit(input.limits.tokensPerMinute);
  const tokens = nonNegative(input.estimatedTokens);
  if (tpm !== undefined && !fits(input.tokens, tokens, tpm, f)) {
    reason ??= 'tokens';
    retryAfter = Math.max(retryAfter, secondsUntilFits(input.tokens, tokens, tpm, f));
  }
  if (!reason) return { allowed: true, retryAfterSeconds: 0 };
  return { allowed: false, retryAfterSeconds: Math.min(2 * (WINDOW_MS / 1000), Math.max(1, Math.ceil(retryAfter - 1e-9))), reason };
}

function fits(counts: WindowCounts, need: number, limit: number, f: number): boolean {
  const used = slidingWindowEstimate(counts.previous, counts.current, f);
  if (need > limit) return limit > 0 && used < 1; // oversize: only into an empty window (never under a 0 limit)
  return used + need <= limit + 1e-9;
}

function clampFraction(f: number): number {
  return Number.isFinite(f) ? Math.min(Math.max(f, 0), 1) : 0;
}

function nonNegative(n: number): number {
  return Number.isFinite(n) && n > 0 ? n : 0;
}

function finiteOr0(n: number): number {
  return Number.isFinite(n) ? n : 0;
}
