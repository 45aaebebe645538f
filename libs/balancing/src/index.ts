// Pure load-balancing decisions for the gateway: instance strategies, route target plans, retry budget, weighted choice.
// Must not depend on any service, on I/O clients (NATS, Redis, PostgreSQL, undici), on NestJS, or on timers.
export * from './balancing.types';
export { UnknownStrategyError } from './balancing.errors';
export { eligibleByPriority } from './priority.filter';
export { createStrategy, isStrategyName } from './strategy.registry';
export { RoundRobinStrategy } from './round-robin.strategy';
export { WeightedRoundRobinStrategy } from './weighted-round-robin.strategy';
export { LeastConnectionsStrategy } from './least-connections.strategy';
export { IpHashStrategy } from './ip-hash.strategy';
export { StickyStrategy } from './sticky.strategy';
export { FailoverPriorityStrategy } from './failover-priority.strategy';
export { HashRing } from './hash-ring';
export { hashString } from './string-hash';
export { WeightedTargetPicker, type RouteTarget } from './weighted-target.picker';
export { RetryBudget, type RetryBudgetOptions } from './retry-budget';
export { pickWeighted } from './weighted-choice';
