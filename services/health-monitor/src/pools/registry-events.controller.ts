import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { Subjects, type EventEnvelope } from '@switchyard/contracts';
import { DeploymentSettingsService } from './deployment-settings.service';

/** Keeps deployments' health-check settings and providers' keys current between snapshots. */
@Controller()
export class RegistryEventsController {
  constructor(private readonly settings: DeploymentSettingsService) {}

  @EventPattern(Subjects.DeploymentCreated)
  onCreated(@Payload() env: EventEnvelope<'DeploymentCreated'>): void {
    this.settings.applyDeployment(env.data.deployment);
  }

  @EventPattern(Subjects.DeploymentUpdated)
  onUpdated(@Payload() env: EventEnvelope<'DeploymentUpdated'>): void {
    this.settings.applyDeployment(env.data.deployment);
  }

  @EventPattern(Subjects.DeploymentDeleted)
  onDeleted(@Payload() env: EventEnvelope<'DeploymentDeleted'>): void {
    this.settings.removeDeployment(env.data.deploymentId);
  }

  @EventPattern(Subjects.ProviderChanged)
  onProvider(@Payload() env: EventEnvelope<'ProviderChanged'>): void {
    if (env.data.change === 'deleted' || !env.data.provider) this.settings.removeProvider(env.data.providerId);
    else this.settings.applyProvider(env.data.provider);
  }
}
