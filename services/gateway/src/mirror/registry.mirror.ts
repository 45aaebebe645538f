// The in-memory mirror of everything a request needs: applied from the registry snapshot, control events, and pool
// and health changes read from Redis. Pure state, no I/O: the sync service feeds it, the hot path reads it.
import { WeightedTargetPicker } from '@switchyard/balancing';
import {
  isNewer,
  type AnyEventEnvelope,
  type ApiKeySnapshot,
  type DeploymentSnapshot,
  type InstanceHealthState,
  type ProviderSnapshot,
  type RegistrySnapshot,
  type RouteSnapshot,
  type WorkspaceSnapshot,
} from '@switchyard/contracts';
import type { InstanceHealthRecord, PoolRecord } from '@switchyard/pool-state';
import { targetKeyOf, type HealthEntry, type KeyRecord, type ProviderEntry, type RouteEntry } from './mirror.types';

export interface MirrorListener {
  /** A provider's key secrets changed (or it was deleted): drop cached credentials. */
  credentialsChanged?(providerId: string): void;
  /** A pool or health changed: balancing caches of this deployment are stale. */
  deploymentChanged?(deploymentId: string): void;
}

function toKeyRecord(k: ApiKeySnapshot): KeyRecord {
  const expires = k.expiresAt ? Date.parse(k.expiresAt) : NaN;
  return {
    id: k.id,
    workspaceId: k.workspaceId,
    userId: k.userId ?? undefined,
    name: k.name,
    hash: k.hash.toLowerCase(),
    allowedRoutes: k.allowedRoutes.length > 0 ? new Set(k.allowedRoutes) : null,
    rpmLimit: k.rpmLimit ?? null,
    tpmLimit: k.tpmLimit ?? null,
    expiresAtMs: Number.isFinite(expires) ? expires : null,
    revoked: k.revoked,
  };
}

function targetsSignature(r: RouteSnapshot): string {
  return JSON.stringify([r.targets, r.fallback]);
}

/** One picker per priority (ascending); targets without a priority last. */
export function buildTargetGroups(route: RouteSnapshot): WeightedTargetPicker[] {
  const byPriority = new Map<number, Array<{ key: string; weight: number }>>();
  for (const t of route.targets) {
    const key = targetKeyOf(t);
    if (!key) continue;
    const priority = typeof t.priority === 'number' ? t.priority : Number.POSITIVE_INFINITY;
    const list = byPriority.get(priority) ?? [];
    list.push({ key, weight: t.weight });
    byPriority.set(priority, list);
  }
  return [...byPriority.entries()].sort((a, b) => a[0] - b[0]).map(([, targets]) => new WeightedTargetPicker(targets));
}

export function currentPeriod(nowMs: number): string {
  return new Date(nowMs).toISOString().slice(0, 7);
}

export class RegistryMirror {
  /** Registry snapshot version last applied (-1: none yet). */
  snapshotVersion = -1;
  lastSnapshotAt = 0;
  private keysByHash = new Map<string, KeyRecord>();
  private keysById = new Map<string, KeyRecord>();
  /** Revocation is permanent: remembered across snapshots (an older snapshot must not resurrect a key). */
  private readonly revokedHashes = new Set<string>();
  private routesByName = new Map<string, RouteEntry[]>();
  private routesById = new Map<string, RouteEntry>();
  private deployments = new Map<string, DeploymentSnapshot>();
  private providers = new Map<string, ProviderEntry>();
  private workspaces = new Map<string, WorkspaceSnapshot>();
  private readonly pools = new Map<string, PoolRecord>();
  private readonly health = new Map<string, HealthEntry>();
  /** 'workspace:<id>' / 'api-key:<id>' -> budget period ('YYYY-MM') it is exhausted for. */
  private readonly budgetFlags = new Map<string, string>();
  private readonly versions = new Map<string, number>();
  private listener: MirrorListener = {};

  setListener(listener: MirrorListener): void {
    this.listener = listener;
  }

  get ready(): boolean {
    return this.snapshotVersion >= 0;
  }

  // ---- reads (hot path) ----

  keyByHash(hash: string): KeyRecord | undefined {
    return this.keysByHash.get(hash);
  }

  isRevoked(key: KeyRecord): boolean {
    return key.revoked || this.revokedHashes.has(key.hash);
  }

  routesNamed(name: string): readonly RouteEntry[] {
    return this.routesByName.get(name) ?? [];
  }

  /** Every route (GET /v1/models). */
  allRoutes(): IterableIterator<RouteEntry> {
    return this.routesById.values();
  }

  deployment(id: string): DeploymentSnapshot | undefined {
    return this.deployments.get(id);
  }

  provider(id: string): ProviderEntry | undefined {
    return this.providers.get(id);
  }

  workspace(id: string): WorkspaceSnapshot | undefined {
    return this.workspaces.get(id);
  }

  pool(deploymentId: string): PoolRecord | undefined {
    return this.pools.get(deploymentId);
  }

  healthOf(instanceId: string): InstanceHealthState | undefined {
    return this.health.get(instanceId)?.state;
  }

  budgetExhausted(key: KeyRecord, nowMs: number): 'workspace' | 'api-key' | undefined {
    if (this.budgetFlags.size === 0) return undefined;
    const period = currentPeriod(nowMs);
    if (this.budgetFlags.get(`api-key:${key.id}`) === period) return 'api-key';
    if (this.budgetFlags.get(`workspace:${key.workspaceId}`) === period) return 'workspace';
    return undefined;
  }

  deploymentIds(): string[] {
    return [...this.deployments.keys()];
  }

  counts(): Record<string, number> {
    return {
      keys: this.keysByHash.size,
      routes: this.routesById.size,
      deployments: this.deployments.size,
      providers: this.providers.size,
      pools: this.pools.size,
      instances: this.health.size,
    };
  }

  // ---- writes ----

  /** Replaces configuration with the snapshot. Pools, health and budget flags come from elsewhere and stay. */
  applySnapshot(s: RegistrySnapshot, nowMs = Date.now()): void {
    const keysByHash = new Map<string, KeyRecord>();
    const keysById = new Map<string, KeyRecord>();
    for (const k of s.apiKeys) {
      const rec = toKeyRecord(k);
      keysByHash.set(rec.hash, rec);
      keysById.set(rec.id, rec);
    }
    this.keysByHash = keysByHash;
    this.keysById = keysById;
    const oldRoutes = this.routesById;
    this.routesById = new Map();
    this.routesByName = new Map();
    for (const r of s.routes) this.putRoute(r, oldRoutes.get(r.id));
    this.deployments = new Map(s.deployments.map((d) => [d.id, d]));
    const oldProviders = this.providers;
    this.providers = new Map();
    for (const p of s.providers) {
      this.putProvider(p);
      const old = oldProviders.get(p.id);
      if (old && JSON.stringify(old.provider.keys) !== JSON.stringify(p.keys)) this.listener.credentialsChanged?.(p.id);
    }
    this.workspaces = new Map(s.workspaces.map((w) => [w.id, w]));
    this.snapshotVersion = s.version;
    this.lastSnapshotAt = nowMs;
  }

  /** Applies one control event; returns false when it was stale or not relevant. */
  applyEvent(env: AnyEventEnvelope): boolean {
    const versionKey = `${env.source}:${env.type.startsWith('Budget') ? env.type : ''}:${env.aggregateId}`;
    if (!isNewer(env.aggregateVersion, this.versions.get(versionKey))) return false;
    this.versions.set(versionKey, env.aggregateVersion);
    switch (env.type) {
      case 'ApiKeyRevoked': {
        const hash = env.data.hash.toLowerCase();
        if (hash) this.revokedHashes.add(hash);
        const key = this.keysById.get(env.data.apiKeyId) ?? this.keysByHash.get(hash);
        if (key) {
          key.revoked = true;
          this.revokedHashes.add(key.hash);
        }
        return true;
      }
      case 'ApiKeyChanged':
        return this.onApiKeyChanged(env.data.apiKeyId, env.data.change, env.data.apiKey ?? null);
      case 'RouteChanged':
        if (env.data.change === 'deleted' || !env.data.route) this.removeRoute(env.data.routeId);
        else this.putRoute(env.data.route, this.routesById.get(env.data.routeId));
        return true;
      case 'ProviderChanged':
        if (env.data.change === 'deleted' || !env.data.provider) this.providers.delete(env.data.providerId);
        else this.putProvider(env.data.provider);
        if (env.data.credentialsChanged || env.data.change === 'deleted') this.listener.credentialsChanged?.(env.data.providerId);
        return true;
      case 'DeploymentCreated':
      case 'DeploymentUpdated':
        this.deployments.set(env.data.deploymentId, env.data.deployment);
        this.listener.deploymentChanged?.(env.data.deploymentId);
        return true;
      case 'DeploymentStopped':
        return this.setDeploymentStatus(env.data.deploymentId, 'stopped');
      case 'DeploymentStarted':
        return this.setDeploymentStatus(env.data.deploymentId, 'running');
      case 'DeploymentDeleted':
        this.deployments.delete(env.data.deploymentId);
        this.pools.delete(env.data.deploymentId);
        this.listener.deploymentChanged?.(env.data.deploymentId);
        return true;
      case 'InstanceHealthy':
        this.setHealth(env.data.instanceId, env.data.deploymentId, 'healthy');
        return true;
      case 'InstanceUnhealthy':
        this.setHealth(env.data.instanceId, env.data.deploymentId, 'ejected');
        return true;
      case 'InstanceDegraded':
        this.setHealth(env.data.instanceId, env.data.deploymentId, 'degraded');
        return true;
      case 'InstanceRemoved':
        this.setHealth(env.data.instanceId, env.data.deploymentId, 'stopped');
        return true;
      case 'WorkspaceChanged':
        if (env.data.change === 'deleted' || !env.data.workspace) this.workspaces.delete(env.data.workspaceId);
        else {
          const before = this.workspaces.get(env.data.workspaceId);
          if (before && before.monthlyBudget !== env.data.workspace.monthlyBudget) this.budgetFlags.delete(`workspace:${env.data.workspaceId}`);
          this.workspaces.set(env.data.workspaceId, env.data.workspace);
        }
        return true;
      case 'BudgetExceeded': {
        const id = env.data.scope === 'api-key' ? env.data.apiKeyId : env.data.workspaceId;
        if (id) this.budgetFlags.set(`${env.data.scope}:${id}`, env.data.period);
        return true;
      }
      default:
        return false;
    }
  }

  /** A pool record read from Redis (older versions are ignored); undefined/-1 = removed. */
  setPool(deploymentId: string, record: PoolRecord | undefined): void {
    const held = this.pools.get(deploymentId);
    if (!record) this.pools.delete(deploymentId);
    else if (held && record.version < held.version) return;
    else this.pools.set(deploymentId, record);
    this.listener.deploymentChanged?.(deploymentId);
  }

  /** Instance health from a HealthChanged notification, an event or a Redis read. Applied at once. */
  setHealth(instanceId: string, deploymentId: string, state: InstanceHealthState): void {
    const held = this.health.get(instanceId);
    if (held && held.state === state && held.deploymentId === deploymentId) return;
    this.health.set(instanceId, { state, deploymentId });
    this.listener.deploymentChanged?.(deploymentId);
  }

  setHealthRecords(records: readonly InstanceHealthRecord[]): void {
    for (const r of records) this.setHealth(r.instanceId, r.deploymentId, r.state);
  }

  private onApiKeyChanged(id: string, change: string, key: ApiKeySnapshot | null): boolean {
    const old = this.keysById.get(id);
    if (old) {
      this.keysById.delete(id);
      this.keysByHash.delete(old.hash);
    }
    if (change === 'deleted' || !key) return true;
    const rec = toKeyRecord(key);
    this.keysById.set(rec.id, rec);
    this.keysByHash.set(rec.hash, rec);
    if (old && (old.rpmLimit !== rec.rpmLimit || key.monthlyBudget !== null)) this.budgetFlags.delete(`api-key:${id}`);
    return true;
  }

  private setDeploymentStatus(id: string, status: DeploymentSnapshot['status']): boolean {
    const d = this.deployments.get(id);
    if (!d) return false;
    this.deployments.set(id, { ...d, status });
    this.listener.deploymentChanged?.(id);
    return true;
  }

  private putRoute(route: RouteSnapshot, previous: RouteEntry | undefined): void {
    if (previous) this.removeRoute(route.id);
    const keep = previous && targetsSignature(previous.route) === targetsSignature(route);
    const groups = keep ? previous.groups : buildTargetGroups(route);
    const entry: RouteEntry = { route, groups, fallbackKey: route.fallback ? targetKeyOf(route.fallback) : undefined };
    this.routesById.set(route.id, entry);
    const list = this.routesByName.get(route.name);
    if (list) list.push(entry);
    else this.routesByName.set(route.name, [entry]);
  }

  private removeRoute(id: string): void {
    const entry = this.routesById.get(id);
    if (!entry) return;
    this.routesById.delete(id);
    const list = (this.routesByName.get(entry.route.name) ?? []).filter((e) => e.route.id !== id);
    if (list.length > 0) this.routesByName.set(entry.route.name, list);
    else this.routesByName.delete(entry.route.name);
  }

  private putProvider(p: ProviderSnapshot): void {
    this.providers.set(p.id, { provider: p, modelsById: new Map(p.models.map((m) => [m.id, m])) });
  }
}
