// Event payloads as consumers see them: plain interfaces mirroring proto/switchyard/v1/events.proto field for
// field in proto3 JSON form (camelCase, ISO time strings, decimal strings for money). `EventPayloads` maps each
// event type to its payload; the spec checks each interface against its proto message.
import type {
  ApiKeySnapshot,
  Decimal,
  DeploymentSnapshot,
  EndpointPriority,
  ModelSnapshot,
  PriceSnapshot,
  ProviderSnapshot,
  RouteSnapshot,
  RuntimeDriver,
  UpdateStrategy,
  WorkspaceSnapshot,
} from './registry.types';
import type { InstanceHealthState } from './subjects';

/** What happened to a mirrored entity. The entity's state is present unless it was deleted. */
export type ChangeKind = 'created' | 'updated' | 'deleted';

export interface DeploymentCreated {
  deploymentId: string;
  deployment: DeploymentSnapshot;
}

export interface DeploymentUpdated {
  deploymentId: string;
  deployment: DeploymentSnapshot;
  /** camelCase spec field names that changed. */
  changedFields: string[];
  /** Running instances must be replaced to apply the change (a rollout follows). */
  restartRequired: boolean;
}

export type ScaleReason = 'manual' | 'autoscale' | 'bounds' | 'rollout';

export interface DeploymentScaled {
  deploymentId: string;
  fromReplicas: number;
  toReplicas: number;
  reason: ScaleReason;
  /** Human-readable trigger, e.g. "queue depth 12 > 8 per instance". */
  detail: string;
}

export interface DeploymentStopped {
  deploymentId: string;
  reason: string;
  requestedBy: string;
}

export interface DeploymentStarted {
  deploymentId: string;
  replicas: number;
  requestedBy: string;
}

export interface DeploymentDeleted {
  deploymentId: string;
  name: string;
  requestedBy: string;
}

export interface RolloutStarted {
  rolloutId: string;
  deploymentId: string;
  strategy: UpdateStrategy;
  fromRevision: number;
  toRevision: number;
  fromVersion: string;
  toVersion: string;
  totalSteps: number;
}

export interface RolloutProgressed {
  rolloutId: string;
  deploymentId: string;
  step: number;
  totalSteps: number;
  /** Share of new requests on the new revision, 0..100. */
  trafficPercent: number;
  updatedReplicas: number;
  totalReplicas: number;
  phase: string;
}

export interface RolloutCompleted {
  rolloutId: string;
  deploymentId: string;
  toRevision: number;
  durationMs: number;
}

export interface RolloutRolledBack {
  rolloutId: string;
  deploymentId: string;
  /** The revision abandoned. */
  fromRevision: number;
  /** The revision restored. */
  toRevision: number;
  reason: string;
  automatic: boolean;
}

export interface InstanceRegistered {
  instanceId: string;
  deploymentId: string;
  url: string;
  revision: number;
  weight: number;
  priority: EndpointPriority;
  driver: RuntimeDriver;
}

export interface InstanceHealthy {
  instanceId: string;
  deploymentId: string;
  previousState: InstanceHealthState;
  consecutiveSuccesses: number;
}

export interface InstanceUnhealthy {
  instanceId: string;
  deploymentId: string;
  reason: string;
  consecutiveFailures: number;
  detectedBy: 'active' | 'passive';
  /** ISO time; null/absent = until healthy again. */
  ejectedUntil?: string | null;
}

export interface InstanceDegraded {
  instanceId: string;
  deploymentId: string;
  reason: string;
  p95Ms?: number | null;
  /** 0..1 */
  errorRate?: number | null;
}

export interface InstanceRemoved {
  instanceId: string;
  deploymentId: string;
  reason: string;
}

export interface RouteChanged {
  routeId: string;
  name: string;
  change: ChangeKind;
  route?: RouteSnapshot | null;
  /** Set when an update renamed the route. */
  previousName?: string | null;
}

export interface ProviderChanged {
  providerId: string;
  change: ChangeKind;
  provider?: ProviderSnapshot | null;
  /** Key secrets were added/rotated/removed: request credentials again. */
  credentialsChanged: boolean;
}

export interface ApiKeyRevoked {
  apiKeyId: string;
  workspaceId: string;
  /** SHA-256 hex of the key, as indexed by the gateway. */
  hash: string;
  prefix: string;
  reason: string;
}

export interface ApiKeyChanged {
  apiKeyId: string;
  change: ChangeKind;
  apiKey?: ApiKeySnapshot | null;
}

export interface ModelChanged {
  modelId: string;
  change: ChangeKind;
  model?: ModelSnapshot | null;
}

export interface WorkspaceChanged {
  workspaceId: string;
  change: ChangeKind;
  workspace?: WorkspaceSnapshot | null;
}

export interface PriceChanged {
  priceId: string;
  change: ChangeKind;
  price?: PriceSnapshot | null;
}

export type BudgetScope = 'workspace' | 'api-key';

export interface BudgetExceeded {
  scope: BudgetScope;
  workspaceId: string;
  apiKeyId?: string | null;
  /** "YYYY-MM" */
  period: string;
  budget: Decimal;
  spent: Decimal;
  currency: string;
}

export interface BudgetThresholdReached extends BudgetExceeded {
  thresholdPercent: number;
}

/** The payload type of each event type. */
export interface EventPayloads {
  DeploymentCreated: DeploymentCreated;
  DeploymentUpdated: DeploymentUpdated;
  DeploymentScaled: DeploymentScaled;
  DeploymentStopped: DeploymentStopped;
  DeploymentStarted: DeploymentStarted;
  DeploymentDeleted: DeploymentDeleted;
  RolloutStarted: RolloutStarted;
  RolloutProgressed: RolloutProgressed;
  RolloutCompleted: RolloutCompleted;
  RolloutRolledBack: RolloutRolledBack;
  InstanceRegistered: InstanceRegistered;
  InstanceHealthy: InstanceHealthy;
  InstanceUnhealthy: InstanceUnhealthy;
  InstanceDegraded: InstanceDegraded;
  InstanceRemoved: InstanceRemoved;
  RouteChanged: RouteChanged;
  ProviderChanged: ProviderChanged;
  ApiKeyRevoked: ApiKeyRevoked;
  ApiKeyChanged: ApiKeyChanged;
  ModelChanged: ModelChanged;
  WorkspaceChanged: WorkspaceChanged;
  PriceChanged: PriceChanged;
  BudgetExceeded: BudgetExceeded;
  BudgetThresholdReached: BudgetThresholdReached;
}
