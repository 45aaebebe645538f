import type { PoolMemberRecord, PoolRecord, PoolStatus } from '@switchyard/pool-state';
import type { DriverInstance } from '../drivers/runtime-driver';

/**
 * The scheduler's intent for one deployment's pool: which instances take new requests (active), which finish
 * in-flight ones (draining), the revision split and the overflow share. The pool record in Redis is derived from
 * it and the driver's instances; a new leader rebuilds it from the record it finds.
 */
export class PoolMembership {
  status: PoolStatus = 'running';
  readonly active = new Set<string>();
  readonly draining = new Set<string>();
  /** Members of the record found at takeover that this leader's driver does not know. */
  readonly orphans = new Map<string, PoolMemberRecord>();
  /** Announced with InstanceRegistered and not yet removed. */
  readonly registered = new Set<string>();
  /** Being drained and stopped right now. */
  readonly retiring = new Set<string>();
  /** The members last written, to keep serving an instance its driver stopped reporting until it is retired. */
  lastMembers = new Map<string, PoolMemberRecord>();
  split: Record<string, number> | null = null;
  overflowShare = 0;
  lastWritten = '';

  constructor(readonly deploymentId: string, readonly workspaceId: string) {}

  static fromRecord(deploymentId: string, workspaceId: string, record: PoolRecord | undefined, known: readonly DriverInstance[]): PoolMembership {
    const m = new PoolMembership(deploymentId, workspaceId);
    if (!record) return m;
    m.status = record.status === 'deleted' ? 'deleted' : record.status;
    m.split = record.trafficSplit ?? null;
    m.overflowShare = record.overflowShare ?? 0;
    m.lastMembers = new Map(record.members.map((x) => [x.instanceId, x]));
    const knownIds = new Set(known.map((i) => i.instanceId));
    for (const member of record.members) {
      (member.state === 'active' ? m.active : m.draining).add(member.instanceId);
      m.registered.add(member.instanceId);
      if (!knownIds.has(member.instanceId)) m.orphans.set(member.instanceId, member);
    }
    return m;
  }

  /**
   * Members the driver no longer reports (e.g. an endpoint removed from the spec) keep their place as orphans, so
   * they are drained only once their replacements serve.
   */
  adoptVanished(instances: readonly DriverInstance[]): void {
    const known = new Set(instances.map((i) => i.instanceId));
    for (const [id, member] of this.lastMembers) {
      if (known.has(id) || this.orphans.has(id) || this.retiring.has(id)) continue;
      if (this.active.has(id) || this.draining.has(id)) this.orphans.set(id, member);
    }
  }

  members(instances: readonly DriverInstance[]): PoolMemberRecord[] {
    if (this.status !== 'running') return [];
    const out: PoolMemberRecord[] = [];
    for (const i of instances) {
      const state = this.draining.has(i.instanceId) ? 'draining' : this.active.has(i.instanceId) && i.phase === 'ready' ? 'active' : undefined;
      if (state) out.push({ instanceId: i.instanceId, url: i.url, weight: i.weight, priority: i.priority, revision: i.revision, state });
    }
    for (const [id, o] of this.orphans) {
      const state = this.draining.has(id) ? 'draining' : this.active.has(id) ? 'active' : undefined;
      if (state) out.push({ ...o, state });
    }
    return out.sort((a, b) => a.instanceId.localeCompare(b.instanceId));
  }

  record(instances: readonly DriverInstance[]): Omit<PoolRecord, 'version' | 'updatedAt'> {
    return {
      deploymentId: this.deploymentId,
      workspaceId: this.workspaceId,
      status: this.status,
      members: this.members(instances),
      ...(this.split && this.status === 'running' ? { trafficSplit: this.split } : {}),
      ...(this.overflowShare > 0 ? { overflowShare: this.overflowShare } : {}),
    };
  }
}
