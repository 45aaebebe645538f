import type { Candidate } from './balancing.types';

// Failover priority applied as a pre-filter by every strategy: backups only while every primary is out (drained,
// absent or already tried for this request). Written as allocation-free predicates for the hot path.

/** A candidate that can take traffic at all: finite weight > 0. */
export function isUsable(c: Candidate): boolean {
  return Number.isFinite(c.weight) && c.weight > 0;
}

/** True when at least one usable primary is not excluded. */
export function anyPrimaryAvailable(candidates: readonly Candidate[], exclude: ReadonlySet<string> | undefined): boolean {
  for (let i = 0; i < candidates.length; i++) {
    const c = candidates[i];
    if (c.priority !== 'backup' && isUsable(c) && !(exclude && exclude.has(c.id))) return true;
  }
  return false;
}

/** Whether `c` may be picked, given whether a primary is available (see `anyPrimaryAvailable`). */
export function isEligible(c: Candidate, exclude: ReadonlySet<string> | undefined, primaryUp: boolean): boolean {
  if (!isUsable(c)) return false;
  if (exclude && exclude.has(c.id)) return false;
  return c.priority === 'backup' ? !primaryUp : true;
}

/** The candidates that may take traffic: the usable primaries, or the usable backups while no primary is usable. */
export function eligibleByPriority(candidates: readonly Candidate[]): readonly Candidate[] {
  const primaryUp = anyPrimaryAvailable(candidates, undefined);
  let all = true;
  for (let i = 0; i < candidates.length && all; i++) all = isEligible(candidates[i], undefined, primaryUp);
  if (all) return candidates;
  return candidates.filter((c) => isEligible(c, undefined, primaryUp));
}

/** Number of eligible candidates. */
export function countEligible(candidates: readonly Candidate[], exclude: ReadonlySet<string> | undefined, primaryUp: boolean): number {
  let n = 0;
  for (let i = 0; i < candidates.length; i++) if (isEligible(candidates[i], exclude, primaryUp)) n++;
  return n;
}

/** The `nth` (0-based) eligible candidate. */
export function nthEligible(
  candidates: readonly Candidate[],
  exclude: ReadonlySet<string> | undefined,
  primaryUp: boolean,
  nth: number,
): Candidate | undefined {
  let seen = 0;
  for (let i = 0; i < candidates.length; i++) {
    const c = candidates[i];
    if (!isEligible(c, exclude, primaryUp)) continue;
    if (seen === nth) return c;
    seen++;
  }
  return undefined;
}
