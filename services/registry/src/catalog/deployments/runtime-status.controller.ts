import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { Subjects, type EventEnvelope } from '@switchyard/contracts';
import type { RegistryDb } from '@switchyard/registry-store';
import type { Logger } from '@switchyard/observability';
import { LOGGER } from '@switchyard/service-kit';
import { REGISTRY_DB } from '../../db/registry-db.provider';
import { nextRuntimeStatus, type RuntimeSignal } from './runtime-status.rules';

/**
 * Reflects the scheduler's reports in the deployment's status (pending -> running once an instance is
 * registered; running <-> updating around rollouts). A conditional update on the status read, so a concurrent
 * stop or delete always wins. No event is emitted: the status is information for users, not desired state.
 */
@Controller()
export class RuntimeStatusController {
  constructor(
    @Inject(REGISTRY_DB) private readonly db: RegistryDb,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @EventPattern(Subjects.InstanceRegistered)
  onInstance(@Payload() env: EventEnvelope<'InstanceRegistered'>): Promise<void> {
    return this.apply(env.data.deploymentId, 'InstanceRegistered');
  }

  @EventPattern(Subjects.RolloutStarted)
  onRolloutStarted(@Payload() env: EventEnvelope<'RolloutStarted'>): Promise<void> {
    return this.apply(env.data.deploymentId, 'RolloutStarted');
  }

  @EventPattern(Subjects.RolloutCompleted)
  onRolloutCompleted(@Payload() env: EventEnvelope<'RolloutCompleted'>): Promise<void> {
    return this.apply(env.data.deploymentId, 'RolloutCompleted');
  }

  @EventPattern(Subjects.RolloutRolledBack)
  onRolledBack(@Payload() env: EventEnvelope<'RolloutRolledBack'>): Promise<void> {
    return this.apply(env.data.deploymentId, 'RolloutRolledBack');
  }

  private async apply(deploymentId: string, signal: RuntimeSignal): Promise<void> {
    if (!/^[0-9a-f-]{36}$/i.test(deploymentId)) return;
    const row = await this.db.deployment.findUnique({ where: { id: deploymentId }, select: { status: true } });
    if (!row) return;
    const next = nextRuntimeStatus(row.status, signal);
    if (!next) return;
    const { count } = await this.db.deployment.updateMany({ where: { id: deploymentId, status: row.status }, data: { status: next } });
    if (count === 1) this.logger.info({ deploymentId, from: row.status, to: next, signal }, 'deployment status follows the scheduler');
  }
}
