// What the gateway holds in memory to serve a request without any I/O: keys by hash, routes by name, deployments,
// providers, pools and instance health.
import type { WeightedTargetPicker } from '@switchyard/balancing';
import type {
  ApiKeySnapshot,
  DeploymentSnapshot,
  InstanceHealthState,
  ProviderModelSnapshot,
  ProviderSnapshot,
  RouteSnapshot,
  WorkspaceSnapshot,
} from '@switchyard/contracts';
import type { PoolRecord } from '@switchyard/pool-state';

export interface KeyRecord {
  id: string;
  workspaceId: string;
  userId: string | undefined;
  name: string;
  hash: string;
  /** null = every route of the workspace. */
  allowedRoutes: ReadonlySet<string> | null;
  rpmLimit: number | null;
  tpmLimit: number | null;
  /** Epoch ms; null = never. */
  expiresAtMs: number | null;
  revoked: boolean;
}

export interface RouteEntry {
  route: RouteSnapshot;
  /**
   * Smooth weighted pickers over the route's targets (keys 'deployment:<id>' / 'provider-model:<providerId>/<pmId>'),
   * one per priority group, lowest priority first (targets without a priority form the last group).
   */
  groups: readonly WeightedTargetPicker[];
  fallbackKey: string | undefined;
}

export interface ProviderEntry {
  provider: ProviderSnapshot;
  modelsById: ReadonlyMap<string, ProviderModelSnapshot>;
}

export interface HealthEntry {
  state: InstanceHealthState;
  deploymentId: string;
}

export type { ApiKeySnapshot, DeploymentSnapshot, PoolRecord, WorkspaceSnapshot };

/** A route target resolved from its key. */
export type TargetRef =
  | { kind: 'deployment'; key: string; deploymentId: string }
  | { kind: 'provider-model'; key: string; providerId: string; providerModelId: string };

export function targetKeyOf(t: {
  kind: string;
  deploymentId?: string | null;
  providerId?: string | null;
  providerModelId?: string | null;
}): string | undefined {
  if (t.kind === 'deployment' && t.deploymentId) return `deployment:${t.deploymentId}`;
  if (t.kind === 'provider-model' && t.providerId && t.providerModelId) return `provider-model:${t.providerId}/${t.providerModelId}`;
  return undefined;
}

export function parseTargetKey(key: string): TargetRef | undefined {
  if (key.startsWith('deployment:')) return { kind: 'deployment', key, deploymentId: key.slice('deployment:'.length) };
  if (key.startsWith('provider-model:')) {
    const rest = key.slice('provider-model:'.length);
    const slash = rest.indexOf('/');
    if (slash <= 0) return undefined;
    return { kind: 'provider-model', key, providerId: rest.slice(0, slash), providerModelId: rest.slice(slash + 1) };
  }
  return undefined;
}
