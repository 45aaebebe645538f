export const DEGRADATION_EVAL_MS = Symbol('health-monitor.degradation-eval-ms');
