// Formatting for the dashboard: exact money from decimal strings, percent shares, counts, dates. Pure.

const SCALE_DIGITS = 6;
const SCALE = 10n ** BigInt(SCALE_DIGITS);
const SYMBOLS: Record<string, string> = { USD: '$', EUR: '€', GBP: '£', JPY: '¥' };

/** Parses a decimal string ("12.3456789", "-0.5") into millionths, rounding half away from zero. Null when malformed. */
export function decimalToMicros(value: string): bigint | null {
  const m = /^(-)?(\d{1,30})(?:\.(\d{1,30}))?$/.exec(value.trim());
  if (!m) return null;
  const [, sign, whole, frac = ''] = m;
  const kept = (frac + '0'.repeat(SCALE_DIGITS)).slice(0, SCALE_DIGITS);
  let micros = BigInt(whole) * SCALE + BigInt(kept);
  if (frac.length > SCALE_DIGITS && Number(frac[SCALE_DIGITS]) >= 5) micros += 1n;
  return sign ? -micros : micros;
}

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * Money for people: two decimals, more (up to six) only when they matter (LLM costs are often fractions of a cent).
 * "1234.5" USD -> "$1,234.50"; "0.000123" -> "$0.000123". Malformed input is shown as is.
 */
export function formatMoney(value: string | number, currency = 'USD'): string {
  const micros = decimalToMicros(typeof value === 'number' ? value.toFixed(SCALE_DIGITS) : value);
  if (micros === null) return `${value} ${currency}`;
  const negative = micros < 0n;
  const abs = negative ? -micros : micros;
  const whole = abs / SCALE;
  let frac = (abs % SCALE).toString().padStart(SCALE_DIGITS, '0').replace(/0+$/, '');
  if (frac.length < 2) frac = frac.padEnd(2, '0');
  const symbol = SYMBOLS[currency.toUpperCase()];
  const amount = `${groupThousands(whole.toString())}.${frac}`;
  const text = symbol ? `${symbol}${amount}` : `${amount} ${currency}`;
  return negative ? `-${text}` : text;
}

/**
 * Percent shares of weights, one decimal, summing to exactly 100 (largest remainder); all zero weights -> all 0.
 * Negative or non-finite weights count as 0.
 */
export function percentShares(weights: readonly number[]): number[] {
  const clean = weights.map((w) => (Number.isFinite(w) && w > 0 ? w : 0));
  const total = clean.reduce((a, b) => a + b, 0);
  if (total === 0) return clean.map(() => 0);
  const tenths = clean.map((w) => (w / total) * 1000);
  const floors = tenths.map(Math.floor);
  let left = 1000 - floors.reduce((a, b) => a + b, 0);
  const order = tenths.map((t, i) => ({ i, r: t - Math.floor(t) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    floors[i] += 1;
    left -= 1;
  }
  return floors.map((f) => f / 10);
}

/** "33.3%"; a fraction in 0..1 when `fraction` is true ("0.25" -> "25%"). */
export function formatPercent(value: number | null | undefined, opts: { fraction?: boolean; digits?: number } = {}): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  const pct = opts.fraction ? value * 100 : value;
  const digits = opts.digits ?? (Number.isInteger(pct) ? 0 : 1);
  return `${pct.toFixed(digits)}%`;
}

export function formatCount(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return groupThousands(Math.round(value).toString());
}

export function formatMs(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${Math.round(value)} ms`;
}

/** "2026-11-23 12:00 UTC" (fixed zone so server and browser agree). */
export function formatTime(iso: string | number | null | undefined): string {
  if (iso === null || iso === undefined || iso === '') return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** Masks a secret for display: keeps a short prefix and the last four characters. */
export function maskSecret(value: string | null | undefined): string {
  if (!value) return '—';
  if (value.length <= 8) return '••••';
  return `${value.slice(0, 4)}…${value.slice(-4)}`;
}
