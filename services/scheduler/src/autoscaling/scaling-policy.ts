import { z } from 'zod';
import type { DeploymentSnapshot } from '@switchyard/contracts';
import { DEFAULT_SCALING, type ScalingPolicy } from '../domain/autoscaler';

const extraTargets = z
  .object({ targetInFlight: z.number().positive().max(10_000), targetP95Ms: z.number().positive().max(600_000) })
  .partial();

/**
 * A deployment's scaling policy: min/max replicas, its targets (queue depth and utilisation from the deployment;
 * in-flight and p95 from `runtime.settings.autoscaling`), the scale-up cooldown, and the scale-down cooldown used
 * as the scale-down stabilisation window. Undefined when auto-scaling is off.
 */
export function scalingPolicyFor(d: DeploymentSnapshot): ScalingPolicy | undefined {
  const a = d.autoscaling;
  if (!a?.enabled) return undefined;
  const extra = extraTargets.safeParse(d.runtime?.settings?.autoscaling ?? {});
  const more = extra.success ? extra.data : {};
  const positive = (n: number | null | undefined) => (typeof n === 'number' && n > 0 ? n : undefined);
  return {
    ...DEFAULT_SCALING,
    minReplicas: Math.max(0, d.minReplicas),
    maxReplicas: Math.max(d.minReplicas, d.maxReplicas),
    targets: {
      queueDepthPerInstance: positive(a.targetQueueDepth),
      cpuPercent: positive(a.targetCpuPercent),
      gpuPercent: positive(a.targetGpuPercent),
      memoryPercent: positive(a.targetMemoryPercent),
      inFlightPerInstance: more.targetInFlight,
      p95Ms: more.targetP95Ms,
    },
    cooldownMs: Math.max(0, a.scaleUpCooldownSeconds) * 1000,
    scaleDownStabilizationMs: Math.max(0, a.scaleDownCooldownSeconds) * 1000,
  };
}
