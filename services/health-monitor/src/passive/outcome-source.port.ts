/** Where the gateways' passive outcome signals arrive (core NATS, best effort). Payloads are untrusted. */
export interface OutcomeSource {
  subscribe(handler: (payload: unknown) => void): () => void;
}
export const OUTCOME_SOURCE = Symbol('health-monitor.outcome-source');
