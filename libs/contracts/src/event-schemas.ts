import type { DescMessage } from '@bufbuild/protobuf';
import * as events from './gen/switchyard/v1/events_pb';
import type { EventType } from './subjects';

/** The proto message (switchyard.v1.<type>) that defines each event's payload. */
export const EventSchemas: { readonly [K in EventType]: DescMessage } = {
  DeploymentCreated: events.DeploymentCreatedSchema,
  DeploymentUpdated: events.DeploymentUpdatedSchema,
  DeploymentScaled: events.DeploymentScaledSchema,
  DeploymentStopped: events.DeploymentStoppedSchema,
  DeploymentStarted: events.DeploymentStartedSchema,
  DeploymentDeleted: events.DeploymentDeletedSchema,
  RolloutStarted: events.RolloutStartedSchema,
  RolloutProgressed: events.RolloutProgressedSchema,
  RolloutCompleted: events.RolloutCompletedSchema,
  RolloutRolledBack: events.RolloutRolledBackSchema,
  InstanceRegistered: events.InstanceRegisteredSchema,
  InstanceHealthy: events.InstanceHealthySchema,
  InstanceUnhealthy: events.InstanceUnhealthySchema,
  InstanceDegraded: events.InstanceDegradedSchema,
  InstanceRemoved: events.InstanceRemovedSchema,
  RouteChanged: events.RouteChangedSchema,
  ProviderChanged: events.ProviderChangedSchema,
  ApiKeyRevoked: events.ApiKeyRevokedSchema,
  ApiKeyChanged: events.ApiKeyChangedSchema,
  ModelChanged: events.ModelChangedSchema,
  WorkspaceChanged: events.WorkspaceChangedSchema,
  PriceChanged: events.PriceChangedSchema,
  BudgetExceeded: events.BudgetExceededSchema,
  BudgetThresholdReached: events.BudgetThresholdReachedSchema,
};
