import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { HealthStore, PoolStore, type InstanceHealthRecord, type PoolMemberRecord } from '@switchyard/pool-state';
import { ApiError } from '../common/api.error';
import { SETTINGS_OPTIONS, type SettingsOptions } from '../pools/pools.tokens';
import { TransitionHistoryStore, type TransitionRecord } from '../tracking/transition-history.store';

const ID = /^[A-Za-z0-9._:@-]{1,200}$/;

export interface InstanceView {
  instanceId: string;
  deploymentId: string;
  url?: string;
  weight?: number;
  /** The weight the gateway should use: lowered while the instance is degraded, 0 while ejected. */
  effectiveWeight?: number;
  priority?: PoolMemberRecord['priority'];
  revision?: number;
  membership?: PoolMemberRecord['state'];
  health: InstanceHealthRecord | null;
}

/** Instance health for the dashboard: state, heartbeat, percentiles, error rate, and the transition history. */
@Controller('api/v1/instances')
export class InstancesController {
  constructor(
    private readonly health: HealthStore,
    private readonly pools: PoolStore,
    private readonly history: TransitionHistoryStore,
    @Inject(SETTINGS_OPTIONS) private readonly settings: SettingsOptions,
  ) {}

  /** Every instance of one deployment (or of every pool): pool membership joined with health. */
  @Get()
  async list(@Query('deploymentId') deploymentId?: string): Promise<{ data: InstanceView[] }> {
    if (deploymentId !== undefined && (typeof deploymentId !== 'string' || !ID.test(deploymentId))) {
      throw ApiError.badRequest('deploymentId must be 1-200 letters, digits, ".", "_", ":", "@" or "-"');
    }
    const pools = deploymentId ? [await this.pools.get(deploymentId)].filter((p) => p !== undefined) : await this.pools.all();
    const views: InstanceView[] = [];
    const ids = deploymentId ? [deploymentId] : [...new Set(pools.map((p) => p.deploymentId))];
    for (const id of ids) {
      const records = new Map((await this.health.forDeployment(id)).map((r) => [r.instanceId, r]));
      const pool = pools.find((p) => p.deploymentId === id);
      for (const m of pool?.members ?? []) {
        const health = records.get(m.instanceId);
        const factor = health?.state === 'ejected' ? 0 : health?.state === 'degraded' ? this.settings.defaults.policy.degradedWeightFactor : 1;
        views.push({ instanceId: m.instanceId, deploymentId: id, url: m.url, weight: m.weight, effectiveWeight: Math.round(m.weight * factor * 100) / 100, priority: m.priority, revision: m.revision, membership: m.state, health: health ?? null });
        records.delete(m.instanceId);
      }
      // Records without a pool member: provider keys (`provider:<id>`) or instances being removed.
      for (const r of records.values()) views.push({ instanceId: r.instanceId, deploymentId: id, health: r });
    }
    return { data: views };
  }

  /** One instance's health record and its recent transitions, newest first. */
  @Get(':id')
  async get(@Param('id') id: string): Promise<{ data: InstanceHealthRecord & { history: TransitionRecord[] } }> {
    if (!ID.test(id)) throw ApiError.badRequest('instance id must be 1-200 letters, digits, ".", "_", ":", "@" or "-"');
    const record = await this.health.get(id);
    if (!record) throw ApiError.notFound(`instance "${id}"`);
    return { data: { ...record, history: await this.history.list(id) } };
  }
}
