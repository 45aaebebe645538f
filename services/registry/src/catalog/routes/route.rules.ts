import type { RouteFallbackSnapshot, RouteTargetSnapshot } from '@switchyard/contracts';
import { ApiError } from '../../common/api.error';
import type { FallbackInput, TargetInput } from './route.schemas';

// A route's target rules, pure: no duplicates, the fallback is not also weighted, every reference exists in the
// route's own workspace, and what a deployment's removal does to a route.

/** What exists in the workspace: deployment ids, and provider model id -> its provider id. */
export interface KnownTargets {
  deploymentIds: ReadonlySet<string>;
  providerModels: ReadonlyMap<string, string>;
}

type AnyTarget = Pick<RouteTargetSnapshot, 'kind' | 'deploymentId' | 'providerModelId'>;

export function targetKey(t: AnyTarget): string {
  return t.kind === 'deployment' ? `deployment:${t.deploymentId ?? ''}` : `provider-model:${t.providerModelId ?? ''}`;
}

/** Shape rules that need no database: duplicates, fallback exclusivity, a non-zero weight sum. Throws 400. */
export function checkTargetShape(targets: readonly TargetInput[], fallback: FallbackInput | null | undefined): void {
  const seen = new Map<string, number>();
  targets.forEach((t, i) => {
    const key = targetKey(asSnapshotRef(t));
    const first = seen.get(key);
    if (first !== undefined) throw ApiError.badRequest(`targets.${i}: duplicate of targets.${first}`, `targets.${i}`);
    seen.set(key, i);
  });
  if (fallback && seen.has(targetKey(asSnapshotRef(fallback)))) {
    throw ApiError.badRequest('fallback: must not also be a weighted target (a fallback has no weight)', 'fallback');
  }
  if (targets.length > 0 && targets.every((t) => t.weight === 0)) {
    throw ApiError.badRequest('targets: at least one target needs a weight above 0', 'targets');
  }
}

function asSnapshotRef(t: TargetInput | FallbackInput): AnyTarget {
  return t.kind === 'deployment'
    ? { kind: 'deployment', deploymentId: t.deploymentId, providerModelId: null }
    : { kind: 'provider-model', deploymentId: null, providerModelId: t.providerModelId };
}

/** Every id a route body references (for one database lookup). */
export function referencedIds(targets: readonly (TargetInput | FallbackInput)[]): { deploymentIds: string[]; providerModelIds: string[] } {
  const deploymentIds = new Set<string>();
  const providerModelIds = new Set<string>();
  for (const t of targets) {
    if (t.kind === 'deployment') deploymentIds.add(t.deploymentId);
    else providerModelIds.add(t.providerModelId);
  }
  return { deploymentIds: [...deploymentIds], providerModelIds: [...providerModelIds] };
}

function resolveOne(t: TargetInput | FallbackInput, field: string, known: KnownTargets): Omit<RouteTargetSnapshot, 'weight'> {
  if (t.kind === 'deployment') {
    if (!known.deploymentIds.has(t.deploymentId)) {
      throw ApiError.unprocessable(`${field}.deploymentId: no such deployment in this workspace`, `${field}.deploymentId`);
    }
    return { kind: 'deployment', deploymentId: t.deploymentId, providerId: null, providerModelId: null, priority: t.priority };
  }
  const providerId = known.providerModels.get(t.providerModelId);
  if (!providerId) throw ApiError.unprocessable(`${field}.providerModelId: no such provider model in this workspace`, `${field}.providerModelId`);
  if (t.providerId && t.providerId !== providerId) {
    throw ApiError.unprocessable(`${field}.providerId: the provider model belongs to another provider`, `${field}.providerId`);
  }
  return { kind: 'provider-model', deploymentId: null, providerId, providerModelId: t.providerModelId, priority: t.priority };
}

/** Turns validated input into stored snapshots, checking every reference. Throws 400/422 naming the field. */
export function resolveTargets(
  targets: readonly TargetInput[],
  fallback: FallbackInput | null,
  known: KnownTargets,
): { targets: RouteTargetSnapshot[]; fallback: RouteFallbackSnapshot | null } {
  checkTargetShape(targets, fallback);
  return {
    targets: targets.map((t, i) => ({ ...resolveOne(t, `targets.${i}`, known), weight: t.weight })),
    fallback: fallback ? resolveOne(fallback, 'fallback', known) : null,
  };
}

/** Traffic share of each target in percent (weight / sum), e.g. 100 and 200 -> 33.33 and 66.67. */
export function trafficShares(targets: readonly Pick<RouteTargetSnapshot, 'weight'>[]): number[] {
  const sum = targets.reduce((s, t) => s + t.weight, 0);
  return targets.map((t) => (sum === 0 ? 0 : Math.round((t.weight / sum) * 10_000) / 100));
}

export type RouteAfterRemoval =
  | { action: 'keep' }
  | { action: 'update'; targets: RouteTargetSnapshot[]; fallback: RouteFallbackSnapshot | null }
  | { action: 'delete' };

/**
 * What removing an object (a deployment or a provider model) does to a route: its targets and fallback lose it;
 * the object's own route (same name, nothing left to serve) is deleted, other routes are kept (possibly empty).
 */
export function routeAfterRemoval(
  route: { name: string; targets: RouteTargetSnapshot[]; fallback: RouteFallbackSnapshot | null },
  removed: AnyTarget & { name?: string },
): RouteAfterRemoval {
  const key = targetKey(removed);
  const targets = route.targets.filter((t) => targetKey(t) !== key);
  const fallback = route.fallback && targetKey(route.fallback) === key ? null : route.fallback;
  if (targets.length === route.targets.length && fallback === route.fallback) return { action: 'keep' };
  if (targets.length === 0 && fallback === null && removed.name !== undefined && removed.name === route.name) return { action: 'delete' };
  return { action: 'update', targets, fallback };
}
