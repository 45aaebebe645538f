/** Limits of one API key. null/undefined = no limit; 0 = nothing allowed; negative or non-finite = no limit. */
export interface KeyLimits {
  requestsPerMinute?: number | null;
  tokensPerMinute?: number | null;
}

export interface LimitDecision {
  allowed: boolean;
  /** 0 when allowed; otherwise whole seconds (>= 1) after which the same request would be admitted, all else equal. */
  retryAfterSeconds: number;
  reason?: 'requests' | 'tokens';
}

/** Counts of the previous and the current fixed window (one minute each). */
export interface WindowCounts {
  previous: number;
  current: number;
}

export const WINDOW_MS = 60_000;
