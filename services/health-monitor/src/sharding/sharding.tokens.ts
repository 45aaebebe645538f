/** Options of the replica registry. */
export interface ShardingOptions {
  replicaId: string;
  heartbeatMs: number;
}
export const SHARDING_OPTIONS = Symbol('health-monitor.sharding-options');
