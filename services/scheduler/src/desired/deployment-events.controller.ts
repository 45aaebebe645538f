import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { AggregateSubjects, type AnyEventEnvelope } from '@switchyard/contracts';
import { SchedulerCore } from '../scheduler.core';

/**
 * Deployment events from the registry (durable consumer 'scheduler', shared by the replicas): each is recorded
 * in the desired state; the leader reconciles from there. A throw naks the message for redelivery.
 */
@Controller()
export class DeploymentEventsController {
  constructor(@Inject(SchedulerCore) private readonly core: SchedulerCore) {}

  @EventPattern(AggregateSubjects.deployment)
  async onDeploymentEvent(@Payload() env: AnyEventEnvelope): Promise<void> {
    await this.core.feed.apply(env);
  }
}
