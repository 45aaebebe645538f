/**
 * Overflow to SaaS under pressure: when a deployment is at its max replicas and its queue depth or time to
 * first token stays above a threshold, shift a growing share of the route's traffic to its overflow target;
 * shift it back step by step once the pressure is gone (below a lower threshold: hysteresis, no flapping).
 */
export interface OverflowPolicy {
  queueDepthHigh: number;
  queueDepthLow: number;
  ttftHighMs: number;
  ttftLowMs: number;
  step: number;
  maxShare: number;
}

export const DEFAULT_OVERFLOW: OverflowPolicy = { queueDepthHigh: 8, queueDepthLow: 2, ttftHighMs: 2_000, ttftLowMs: 800, step: 0.1, maxShare: 0.5 };

export function decideOverflow(input: {
  atMaxReplicas: boolean;
  queueDepthPerInstance?: number;
  ttftP95Ms?: number;
  currentShare: number;
  policy: OverflowPolicy;
}): { share: number; reason: string } {
  const { policy, currentShare } = input;
  const queue = input.queueDepthPerInstance ?? 0;
  const ttft = input.ttftP95Ms ?? 0;
  const high = queue > policy.queueDepthHigh || ttft > policy.ttftHighMs;
  const low = queue < policy.queueDepthLow && ttft < policy.ttftLowMs;
  const round = (n: number) => Math.round(n * 1000) / 1000;
  if (input.atMaxReplicas && high) {
    const share = round(Math.min(policy.maxShare, currentShare + policy.step));
    return { share, reason: `at max replicas under pressure (queue ${queue}, ttft p95 ${Math.round(ttft)} ms)` };
  }
  if (low && currentShare > 0) {
    return { share: round(Math.max(0, currentShare - policy.step)), reason: 'pressure gone: shifting traffic back' };
  }
  return { share: currentShare, reason: 'unchanged' };
}
