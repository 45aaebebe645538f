/** A strategy name that is not one of STRATEGY_NAMES (bad configuration: retrying does not help). */
export class UnknownStrategyError extends Error {
  readonly retryable = false;
  constructor(readonly strategy: string) {
    super(`unknown balancing strategy "${strategy.slice(0, 64)}"`);
    this.name = 'UnknownStrategyError';
  }
}
