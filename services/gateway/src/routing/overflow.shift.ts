// Overflow (scheduler-driven): when a deployment is at max replicas and under pressure, the scheduler sets
// PoolRecord.overflowShare; the gateway then sends that share of the route's new requests to its first
// SaaS (provider-model) target, and stops as soon as the share is back to 0. Pure.

/**
 * The plan with a provider-model target moved to the front for a `share` of requests: when the plan starts
 * with a deployment, `random() < share` and a provider-model target is in the plan. The deployment stays in
 * the plan (second), so failover still reaches it.
 */
export function shiftForOverflow(plan: readonly string[], shareOf: (deploymentKey: string) => number, random: () => number = Math.random): string[] {
  const first = plan[0];
  if (!first || !first.startsWith('deployment:')) return [...plan];
  const share = shareOf(first);
  if (!(share > 0)) return [...plan];
  const saas = plan.findIndex((k) => k.startsWith('provider-model:'));
  if (saas < 0 || random() >= Math.min(1, share)) return [...plan];
  return [plan[saas], ...plan.filter((_, i) => i !== saas)];
}
