import { z } from 'zod';
import type { UpstreamOutcomeSignal } from '@switchyard/contracts';

const id = z.string().min(1).max(200);

/** The shape of an UpstreamOutcome signal, checked before anything trusts it (signals are unauthenticated JSON). */
const outcomeSchema = z.object({
  instanceId: id,
  deploymentId: id.optional(),
  providerId: id.optional(),
  providerKeyId: id.optional(),
  ok: z.boolean(),
  status: z.number().int().min(100).max(599).optional(),
  latencyMs: z.number().finite().min(0).max(3_600_000),
  errorKind: z.enum(['connect', 'timeout', 'reset', 'status', 'protocol']).optional(),
  gatewayId: z.string().max(200).optional(),
  at: z.number().finite(),
});

/** Parses an outcome; a time far from now (clock skew, replay) is replaced by now. Undefined when invalid. */
export function parseOutcome(payload: unknown, now = Date.now()): UpstreamOutcomeSignal | undefined {
  const parsed = outcomeSchema.safeParse(payload);
  if (!parsed.success) return undefined;
  const signal: UpstreamOutcomeSignal = parsed.data;
  return Math.abs(signal.at - now) > 60_000 ? { ...signal, at: now } : signal;
}
