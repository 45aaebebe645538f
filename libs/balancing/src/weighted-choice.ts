/**
 * Weighted random choice (a provider's API keys, cooled-down keys already removed). `random` is a number in [0, 1)
 * (Math.random(), or fixed in tests); values outside are clamped. Items with a weight <= 0 or not finite are never
 * chosen; undefined when no item has a positive weight. No allocation.
 */
export function pickWeighted<T extends { weight: number }>(items: readonly T[], random: number): T | undefined {
  let total = 0;
  let last: T | undefined;
  for (let i = 0; i < items.length; i++) {
    const w = items[i].weight;
    if (Number.isFinite(w) && w > 0) {
      total += w;
      last = items[i];
    }
  }
  if (last === undefined) return undefined;
  const r = Number.isFinite(random) ? Math.min(Math.max(random, 0), 1) : 0;
  const target = r * total;
  let cumulative = 0;
  for (let i = 0; i < items.length; i++) {
    const w = items[i].weight;
    if (!(Number.isFinite(w) && w > 0)) continue;
    cumulative += w;
    if (target < cumulative) return items[i];
  }
  return last; // random at (or rounding to) 1
}
