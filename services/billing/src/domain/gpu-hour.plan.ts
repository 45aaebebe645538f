import type { GpuHourInput, GpuHourPlan } from '@switchyard/billing-store';
import { floorHourMs, gpuCostOfHour, HOUR_MS, spreadByTokens } from './gpu-cost';
import { picosToDecimal } from './money';
import type { DeploymentInfo, PricedGpuRate } from './price-book';

/**
 * What one (deployment, hour) books: the hour's GPU cost at the rates in effect, spread over the requests it
 * served in proportion to their tokens (only requests priced in the rate's currency; a cost is never added to a
 * row of another currency), the rest on the hour's idle row. Pure.
 */
export function planGpuHour(input: GpuHourInput, rates: readonly PricedGpuRate[], deployment: DeploymentInfo | undefined, fallbackCurrency: string): GpuHourPlan {
  const hourMs = floorHourMs(input.hour.getTime());
  const inEffect = [...rates].reverse().find((r) => r.fromMs < hourMs + HOUR_MS);
  const currency = inEffect?.currency ?? fallbackCurrency;
  const spans = input.spans.map((s) => ({ startMs: s.startedAt.getTime(), endMs: s.endedAt?.getTime() ?? null, gpus: s.gpus }));
  const cost = gpuCostOfHour(hourMs, spans, rates);
  const served = input.events.filter((e) => !e.idle && e.currency === currency);
  const { shares, idle } = spreadByTokens(cost.picos, served.map((e) => ({ id: e.requestId, tokens: e.tokens })));
  return {
    currency,
    cost: picosToDecimal(cost.picos),
    gpuMs: cost.gpuMs,
    tokens: served.reduce((sum, e) => sum + (e.tokens > 0n ? e.tokens : 0n), 0n),
    shares: new Map([...shares].map(([id, picos]) => [id, picosToDecimal(picos)])),
    idle: picosToDecimal(idle),
    idleRow: {
      workspaceId: deployment?.workspaceId ?? input.spans[0]?.workspaceId ?? '',
      model: deployment?.model ?? '',
      priceId: inEffect?.priceId ?? null,
    },
  };
}
