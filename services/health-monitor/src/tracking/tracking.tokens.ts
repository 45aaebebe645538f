/** Transitions kept per instance. */
export const HISTORY_LIMIT = Symbol('health-monitor.history-limit');
