// Per-key requests/min and tokens/min that hold across all gateway replicas: local decisions, batched Redis sync.
// Must not depend on any service or on NestJS; the decision logic (sliding-window.decision.ts) must not do I/O.
export * from './rate-limit.types';
export { RateLimiter, type RateLimiterOptions } from './rate-limiter';
export { slidingWindowEstimate, decide, secondsUntilFits, windowAt, effectiveLimit, type DecisionInput } from './sliding-window.decision';
export { KeyCounters, type Counts, type WindowDeltas } from './key-counters';
export { RateLimitKeys } from './rate-limit.keys';
