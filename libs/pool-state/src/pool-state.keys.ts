/** Redis key layout, under an optional prefix (tests use one per file). */
export class PoolStateKeys {
  constructor(readonly prefix = 'sy:') {}
  pool(deploymentId: string): string {
    return `${this.prefix}pool:${deploymentId}`;
  }
  pools(): string {
    return `${this.prefix}pools`;
  }
  health(instanceId: string): string {
    return `${this.prefix}health:${instanceId}`;
  }
  healthIndex(deploymentId: string): string {
    return `${this.prefix}health-index:${deploymentId}`;
  }
  leaderFence(): string {
    return `${this.prefix}scheduler:fence`;
  }
  poolChannel(): string {
    return `${this.prefix}pool-changed`;
  }
  healthChannel(): string {
    return `${this.prefix}health-changed`;
  }
}
