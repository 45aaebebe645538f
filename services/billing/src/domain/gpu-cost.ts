// GPU-hour pricing of self-hosted deployments, as pure functions. A deployment whose price carries `gpuHour`
// costs, for each clock hour, the GPU-time its instances were registered in that hour (instance overlap with the
// hour x the instance's GPU count, an instance without GPUs counting as one) at the rate in effect at each moment;
// that hour's cost is then spread over the requests the deployment served in it, in proportion to their tokens.
// An hour in which it served no tokens keeps its cost as idle capacity. All money in picos (1e-12 units), exact.

export const HOUR_MS = 3_600_000;

/** One registration of one instance: [startMs, endMs), endMs null while it is still registered. */
export interface GpuSpan {
  startMs: number;
  endMs: number | null;
  /** GPUs of one instance; 0 is charged as 1 (the instance itself is the unit then). */
  gpus: number;
}

/** A rate that applies from fromMs until the next rate's fromMs; before the first rate nothing is charged. */
export interface GpuRate {
  fromMs: number;
  /** Millionths of the currency per GPU-hour (gpuHour "2.4" -> 2_400_000n); 0n when the price has none. */
  microsPerGpuHour: bigint;
}

export interface HourCost {
  picos: bigint;
  /** GPU-milliseconds counted in the hour (for explanations and reports). */
  gpuMs: bigint;
}

export function floorHourMs(ms: number): number {
  return Math.floor(ms / HOUR_MS) * HOUR_MS;
}

/**
 * What the hour starting at hourStartMs cost. `rates` must be sorted by fromMs. Rounded half up once, on the
 * exact sum (so splitting an hour into segments never loses or invents a pico).
 */
export function gpuCostOfHour(hourStartMs: number, spans: readonly GpuSpan[], rates: readonly GpuRate[]): HourCost {
  const hourEndMs = hourStartMs + HOUR_MS;
  // numerator in (ms x GPU x micros); picos = numerator x 1e6 / HOUR_MS
  let numerator = 0n;
  let gpuMs = 0n;
  for (const span of spans) {
    const from = Math.max(span.startMs, hourStartMs);
    const to = Math.min(span.endMs ?? hourEndMs, hourEndMs);
    if (to <= from) continue;
    const gpus = BigInt(Math.max(1, Math.trunc(span.gpus)));
    gpuMs += BigInt(to - from) * gpus;
    for (let i = 0; i < rates.length; i++) {
      const segFrom = Math.max(from, rates[i].fromMs);
      const segTo = Math.min(to, i + 1 < rates.length ? rates[i + 1].fromMs : Number.POSITIVE_INFINITY);
      if (segTo <= segFrom) continue;
      numerator += BigInt(segTo - segFrom) * gpus * rates[i].microsPerGpuHour;
    }
  }
  const scaled = numerator * 1_000_000n;
  const divisor = BigInt(HOUR_MS);
  return { picos: (scaled + divisor / 2n) / divisor, gpuMs };
}

export interface TokenWeight {
  id: string;
  tokens: bigint;
}

export interface Spread {
  /** Picos per id; every id of the input is present (0 for requests without tokens). */
  shares: Map<string, bigint>;
  /** What no token absorbed: the whole cost when the hour served none, else 0. */
  idle: bigint;
}

/**
 * Spreads `total` picos over the weights in proportion to their tokens, exactly: floor shares first, then the
 * remaining picos one each to the largest remainders (ties to the earlier id in input order). The shares always
 * add up to total when any weight is positive.
 */
export function spreadByTokens(total: bigint, weights: readonly TokenWeight[]): Spread {
  const shares = new Map<string, bigint>();
  let sum = 0n;
  for (const w of weights) {
    shares.set(w.id, 0n);
    if (w.tokens > 0n) sum += w.tokens;
  }
  if (total <= 0n) return { shares, idle: 0n };
  if (sum === 0n) return { shares, idle: total };
  let given = 0n;
  const remainders: Array<{ id: string; remainder: bigint; order: number }> = [];
  weights.forEach((w, order) => {
    if (w.tokens <= 0n) return;
    const exact = total * w.tokens;
    const share = exact / sum;
    shares.set(w.id, share);
    given += share;
    remainders.push({ id: w.id, remainder: exact % sum, order });
  });
  remainders.sort((a, b) => (a.remainder === b.remainder ? a.order - b.order : a.remainder > b.remainder ? -1 : 1));
  for (let left = total - given, i = 0; left > 0n; left--, i++) {
    const r = remainders[i % remainders.length];
    shares.set(r.id, (shares.get(r.id) ?? 0n) + 1n);
  }
  return { shares, idle: 0n };
}

/** The starts of the clock hours a span overlaps within [fromMs, toMs). */
export function hoursOfSpan(span: Pick<GpuSpan, 'startMs' | 'endMs'>, fromMs: number, toMs: number): number[] {
  const start = Math.max(span.startMs, fromMs);
  const end = Math.min(span.endMs ?? toMs, toMs);
  const hours: number[] = [];
  for (let h = floorHourMs(start); h < end; h += HOUR_MS) hours.push(h);
  return hours;
}
