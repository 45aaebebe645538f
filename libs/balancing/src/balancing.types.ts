export type StrategyName =
  | 'round-robin'
  | 'weighted-round-robin'
  | 'least-connections'
  | 'ip-hash'
  | 'sticky'
  | 'failover-priority';

export const STRATEGY_NAMES: readonly StrategyName[] = [
  'round-robin',
  'weighted-round-robin',
  'least-connections',
  'ip-hash',
  'sticky',
  'failover-priority',
];

/** One instance eligible for a new request (health filtering is done before). */
export interface Candidate {
  /** The instance id. */
  id: string;
  /** Effective weight (> 0); degraded instances come with a reduced weight. A weight <= 0 or not finite means drained. */
  weight: number;
  priority: 'primary' | 'backup';
  /** Current in-flight requests through this gateway. */
  inFlight: number;
}

export interface PickContext {
  /** For ip-hash. */
  clientIp?: string;
  /** For sticky: a session header or the request's `user` field. */
  sessionKey?: string;
  /** Instance ids already tried for this request (retries). */
  exclude?: ReadonlySet<string>;
}

export interface BalancingStrategy {
  readonly name: StrategyName;
  /**
   * The chosen candidate's id, or undefined when none is eligible. Stateful strategies (round robin, smooth weighted)
   * keep their cursor inside the instance: one strategy object per deployment pool.
   */
  pick(candidates: readonly Candidate[], ctx: PickContext): string | undefined;
}

export interface StrategyOptions {
  /** Seed of the hash used by ip-hash and sticky (same seed on every gateway replica => same choices). */
  hashSeed?: number;
  /** Virtual nodes per member on the sticky hash ring. */
  vnodes?: number;
}
