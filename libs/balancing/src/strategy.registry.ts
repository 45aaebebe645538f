import type { BalancingStrategy, StrategyName, StrategyOptions } from './balancing.types';
import { STRATEGY_NAMES } from './balancing.types';
import { UnknownStrategyError } from './balancing.errors';
import { RoundRobinStrategy } from './round-robin.strategy';
import { WeightedRoundRobinStrategy } from './weighted-round-robin.strategy';
import { LeastConnectionsStrategy } from './least-connections.strategy';
import { IpHashStrategy } from './ip-hash.strategy';
import { StickyStrategy } from './sticky.strategy';
import { FailoverPriorityStrategy } from './failover-priority.strategy';

const factories: Record<StrategyName, (opts: StrategyOptions) => BalancingStrategy> = {
  'round-robin': () => new RoundRobinStrategy(),
  'weighted-round-robin': () => new WeightedRoundRobinStrategy(),
  'least-connections': () => new LeastConnectionsStrategy(),
  'ip-hash': (o) => new IpHashStrategy(o.hashSeed ?? 0),
  sticky: (o) => new StickyStrategy(o.hashSeed ?? 0, o.vnodes ?? 160),
  'failover-priority': () => new FailoverPriorityStrategy(),
};

export function isStrategyName(name: unknown): name is StrategyName {
  return typeof name === 'string' && (STRATEGY_NAMES as readonly string[]).includes(name);
}

/** A new strategy instance (stateful: create one per deployment pool). Throws UnknownStrategyError on a bad name. */
export function createStrategy(name: StrategyName, opts: StrategyOptions = {}): BalancingStrategy {
  if (!isStrategyName(name)) throw new UnknownStrategyError(String(name));
  return factories[name](opts);
}
