// Exact money arithmetic. Prices are decimal strings per million tokens with at most 6 decimals; a price in
// "micros per million tokens" is an integer, and tokens x that integer is the cost in 1e-12 currency units
// ("picos"), exactly. Costs travel as decimal strings with 12 decimals. No float ever touches money.

const DECIMAL = /^(\d{1,12})(?:\.(\d{1,6}))?$/;

/** "2.5" -> 2_500_000n (millionths). Throws on anything that is not a non-negative decimal with <= 6 decimals. */
export function toMicros(decimal: string): bigint {
  const m = DECIMAL.exec(decimal.trim());
  if (!m) throw new RangeError(`not a price: "${decimal}"`);
  return BigInt(m[1]) * 1_000_000n + BigInt((m[2] ?? '').padEnd(6, '0'));
}

/** Picos (1e-12 units) as a decimal string with 12 decimals: 1_500_000_000_000n -> "1.500000000000". */
export function picosToDecimal(picos: bigint): string {
  const negative = picos < 0n;
  const abs = negative ? -picos : picos;
  const whole = abs / 1_000_000_000_000n;
  const frac = (abs % 1_000_000_000_000n).toString().padStart(12, '0');
  return `${negative ? '-' : ''}${whole}.${frac}`;
}

/** A decimal string (any number of decimals up to 12) to picos. */
export function decimalToPicos(decimal: string): bigint {
  const m = /^(-?)(\d+)(?:\.(\d{1,12}))?$/.exec(decimal.trim());
  if (!m) throw new RangeError(`not a decimal: "${decimal}"`);
  const value = BigInt(m[2]) * 1_000_000_000_000n + BigInt((m[3] ?? '').padEnd(12, '0'));
  return m[1] === '-' ? -value : value;
}

export interface TokenPrice {
  inputPerMTok: string;
  cachedInputPerMTok: string;
  outputPerMTok: string;
}

export interface TokenCounts {
  promptTokens: number;
  cachedPromptTokens: number;
  completionTokens: number;
}

/**
 * Cost in picos: uncached prompt tokens at the input price, cached prompt tokens at the cached-input price,
 * completion tokens at the output price. Cached tokens are part of the prompt count (OpenAI's convention); a
 * cached count above the prompt count is clamped to it.
 */
export function costPicos(tokens: TokenCounts, price: TokenPrice): bigint {
  const prompt = BigInt(Math.max(0, Math.trunc(tokens.promptTokens)));
  const cached = BigInt(Math.min(Math.max(0, Math.trunc(tokens.cachedPromptTokens)), Math.max(0, Math.trunc(tokens.promptTokens))));
  const completion = BigInt(Math.max(0, Math.trunc(tokens.completionTokens)));
  return (prompt - cached) * toMicros(price.inputPerMTok) + cached * toMicros(price.cachedInputPerMTok) + completion * toMicros(price.outputPerMTok);
}

/** (spent / budget) in whole percent, rounded down; Infinity for a zero budget with spend. */
export function percentOf(spentPicos: bigint, budgetPicos: bigint): number {
  if (budgetPicos <= 0n) return spentPicos > 0n ? Number.POSITIVE_INFINITY : 0;
  return Number((spentPicos * 100n) / budgetPicos);
}
