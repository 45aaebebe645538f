export const SCHEDULER_CONFIG = Symbol('scheduler.config');
export const REDIS = Symbol('scheduler.redis');
export const ROLLOUT_STORE = Symbol('scheduler.rollout-store');
export const LEADER_LOOPS = Symbol('scheduler.leader-loops');
export const SCHEDULER_METRICS = Symbol('scheduler.metrics');
