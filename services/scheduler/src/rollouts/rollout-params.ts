import { z } from 'zod';
import type { JsonValue } from '@switchyard/contracts';
import type { newRollout } from '../domain/rollout.machine';

const ms = z.number().int().min(0).max(24 * 3600 * 1000);
const schema = z
  .object({
    maxSurge: z.number().int().min(0).max(100),
    maxUnavailable: z.number().int().min(0).max(100),
    readyTimeoutMs: ms,
    rollbackWindowMs: ms,
    steps: z.array(z.number().min(0).max(100)).min(1).max(20),
    bakeMs: ms,
    maxErrorRateIncrease: z.number().min(0).max(1),
    maxP95Ratio: z.number().min(1).max(100),
    minRequests: z.number().int().min(0).max(1_000_000),
  })
  .partial();

export type RolloutParamOverrides = NonNullable<Parameters<typeof newRollout>[0]['params']>;

/**
 * A deployment's rollout tuning from `runtime.settings.rollout` (all optional; defaults in the domain). Anything
 * malformed is ignored as a whole rather than half-applied.
 */
export function rolloutParamsFrom(settings: { [key: string]: JsonValue } | undefined): RolloutParamOverrides {
  const parsed = schema.safeParse(settings?.rollout ?? {});
  if (!parsed.success) return {};
  const p = parsed.data;
  const pick = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
  return {
    rolling: pick({ maxSurge: p.maxSurge, maxUnavailable: p.maxUnavailable, readyTimeoutMs: p.readyTimeoutMs }),
    blueGreen: pick({ readyTimeoutMs: p.readyTimeoutMs, rollbackWindowMs: p.rollbackWindowMs }),
    canary: pick({ steps: p.steps, bakeMs: p.bakeMs, maxErrorRateIncrease: p.maxErrorRateIncrease, maxP95Ratio: p.maxP95Ratio, minRequests: p.minRequests, readyTimeoutMs: p.readyTimeoutMs }),
  };
}
