/**
 * Steady state (no rollout running): what to start, what to put in the pool and what to retire so a deployment
 * runs `replicas` instances of its revision. Replacements serve before anything serving is retired (changing an
 * endpoint is a rolling migration). Pure.
 */
export type InstancePhase = 'starting' | 'ready' | 'failed' | 'stopping';
export type PoolLifecycle = 'running' | 'stopped' | 'deleted';

export interface PlannedInstance {
  instanceId: string;
  revision: number;
  phase: InstancePhase;
  /** Its state in the pool now; undefined = not in the pool. */
  member?: 'active' | 'draining';
  /** In the pool but unknown to the driver (left by a former leader, or an endpoint no longer configured). */
  orphan: boolean;
  startedAt: number;
}

export interface SteadyInput {
  status: PoolLifecycle;
  replicas: number;
  revision: number;
  /** False for the static driver: replicas are whatever endpoints it reports, nothing is started. */
  manages: boolean;
  instances: readonly PlannedInstance[];
}

export interface SteadyPlan {
  /** Instances of `revision` to start. */
  start: number;
  /** Ready instances to put in the pool. */
  activate: string[];
  /** Out of the pool (draining), then stopped. */
  retire: string[];
  status: PoolLifecycle;
}

export function planSteadyState(input: SteadyInput): SteadyPlan {
  const live = input.instances.filter((i) => i.phase !== 'stopping');
  if (input.status !== 'running') {
    return { start: 0, activate: [], retire: live.map((i) => i.instanceId), status: input.status };
  }
  const retire = new Set<string>();
  const owned = live.filter((i) => !i.orphan);
  for (const i of owned) if (i.phase === 'failed') retire.add(i.instanceId);
  const current = owned.filter((i) => i.phase !== 'failed' && i.revision === input.revision);
  const others = live.filter((i) => !current.includes(i) && !retire.has(i.instanceId));

  let start = 0;
  const replicas = Math.max(0, input.replicas);
  if (input.manages) {
    if (current.length < replicas) start = replicas - current.length;
    if (current.length > replicas) {
      // Retire what serves least first: not ready, then the newest.
      const victims = [...current].sort((a, b) => Number(a.phase === 'ready') - Number(b.phase === 'ready') || b.startedAt - a.startedAt);
      for (const v of victims.slice(0, current.length - replicas)) retire.add(v.instanceId);
    }
  }
  const kept = current.filter((i) => !retire.has(i.instanceId));
  const activate = kept.filter((i) => i.phase === 'ready' && i.member !== 'active').map((i) => i.instanceId);
  const target = input.manages ? replicas : kept.length;
  const serving = kept.filter((i) => i.phase === 'ready').length;
  for (const o of others) {
    const servesNow = o.orphan ? o.member === 'active' : o.phase === 'ready';
    // Something that does not serve goes at once; what serves goes once its replacements serve.
    if (!servesNow || serving >= target) retire.add(o.instanceId);
  }
  return { start, activate, retire: [...retire], status: 'running' };
}
