import { ContractError } from './errors';

/**
 * Control-plane event subjects: `sy.<aggregate>.<event>` in lower case, one per event type. These are durable
 * (JetStream stream SY_CONTROL captures `sy.>`). The key is the event type name, which is also the proto message
 * name in proto/switchyard/v1/events.proto and the envelope's `type`.
 */
export const Subjects = {
  DeploymentCreated: 'sy.deployment.created',
  DeploymentUpdated: 'sy.deployment.updated',
  DeploymentScaled: 'sy.deployment.scaled',
  DeploymentStopped: 'sy.deployment.stopped',
  DeploymentStarted: 'sy.deployment.started',
  DeploymentDeleted: 'sy.deployment.deleted',
  RolloutStarted: 'sy.rollout.started',
  RolloutProgressed: 'sy.rollout.progressed',
  RolloutCompleted: 'sy.rollout.completed',
  RolloutRolledBack: 'sy.rollout.rolledback',
  InstanceRegistered: 'sy.instance.registered',
  InstanceHealthy: 'sy.instance.healthy',
  InstanceUnhealthy: 'sy.instance.unhealthy',
  InstanceDegraded: 'sy.instance.degraded',
  InstanceRemoved: 'sy.instance.removed',
  RouteChanged: 'sy.route.changed',
  ProviderChanged: 'sy.provider.changed',
  ApiKeyRevoked: 'sy.apikey.revoked',
  ApiKeyChanged: 'sy.apikey.changed',
  ModelChanged: 'sy.model.changed',
  WorkspaceChanged: 'sy.workspace.changed',
  PriceChanged: 'sy.price.changed',
  BudgetExceeded: 'sy.budget.exceeded',
  BudgetThresholdReached: 'sy.budget.thresholdreached',
} as const;

export type EventType = keyof typeof Subjects;
export type EventSubject = (typeof Subjects)[EventType];

/** Every event type, in declaration order. */
export const EVENT_TYPES = Object.keys(Subjects) as EventType[];

/** Wildcards for subscribing to one aggregate's events, e.g. `AggregateSubjects.deployment` = 'sy.deployment.>'. */
export const AggregateSubjects = {
  deployment: 'sy.deployment.>',
  rollout: 'sy.rollout.>',
  instance: 'sy.instance.>',
  route: 'sy.route.>',
  provider: 'sy.provider.>',
  apikey: 'sy.apikey.>',
  model: 'sy.model.>',
  workspace: 'sy.workspace.>',
  price: 'sy.price.>',
  budget: 'sy.budget.>',
} as const;

const typeBySubject = new Map<string, EventType>(EVENT_TYPES.map((t) => [Subjects[t], t]));

export function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(Subjects, value);
}

/** The event type a (non-namespaced) subject carries; throws ContractError for an unknown subject. */
export function eventTypeOfSubject(subject: string): EventType {
  const type = typeBySubject.get(subject);
  if (!type) throw new ContractError(`unknown event subject "${subject}"`, { contract: 'Subjects', subject });
  return type;
}

/**
 * Best-effort signals on core NATS: NOT captured by any stream (the `syx.` prefix keeps them out of `sy.>`).
 * A lost signal costs nothing that the next one or a periodic resync does not repair.
 */
export const Signals = {
  /** gateway -> health-monitor: the outcome of each upstream attempt (passive health). */
  UpstreamOutcome: 'syx.signal.outcome',
  /** gateway -> dashboard: live counters, every few seconds per gateway. */
  GatewayStats: 'syx.stats.gateway',
  /** scheduler -> gateway / health-monitor: a deployment's pool record in Redis changed; re-read it. */
  PoolChanged: 'syx.pool.changed',
  /** health-monitor -> gateway / scheduler: an instance's health record in Redis changed; re-read it. */
  HealthChanged: 'syx.health.changed',
} as const;

export type SignalName = keyof typeof Signals;

/** NATS request/reply subjects (answered by the registry). */
export const Requests = {
  RegistrySnapshot: 'syx.req.registry.snapshot',
  /** The only subject whose reply carries secrets; restricted to the gateway's NATS user. */
  ProviderCredentials: 'syx.req.registry.credentials',
} as const;

export type RequestName = keyof typeof Requests;

/** How an upstream attempt failed, as the gateway classifies it. */
export type UpstreamErrorKind =
  | 'connect' // refused / DNS / no route
  | 'timeout' // connect, first-byte or idle timeout
  | 'reset' // connection reset or closed mid-response
  | 'status' // upstream answered 5xx or 429 (see `status`)
  | 'protocol'; // unparseable response / broken stream

/** Payload of `syx.signal.outcome`: one upstream attempt. Times are epoch milliseconds (cheap, high volume). */
export interface UpstreamOutcomeSignal {
  instanceId: string;
  deploymentId?: string;
  providerId?: string;
  providerKeyId?: string;
  ok: boolean;
  /** Upstream HTTP status, when one arrived. */
  status?: number;
  latencyMs: number;
  errorKind?: UpstreamErrorKind;
  gatewayId?: string;
  /** Epoch ms when the attempt finished. */
  at: number;
}

/** Payload of `syx.stats.gateway`: counters over the last window of one gateway. */
export interface GatewayStatsSignal {
  gatewayId: string;
  /** Epoch ms at the end of the window. */
  at: number;
  windowSeconds: number;
  requests: number;
  errors: number;
  inFlight: number;
  promptTokens: number;
  completionTokens: number;
  p50Ms: number;
  p95Ms: number;
  /** Requests per route name over the window. */
  byRoute: Record<string, { requests: number; errors: number }>;
}

/** Payload of `syx.pool.changed`: the pool record of `deploymentId` is now at `version` (read it from Redis). */
export interface PoolChangedSignal {
  deploymentId: string;
  version: number;
}

/** Instance states as the health monitor records them (mirrors the pool-state library's InstanceState). */
export type InstanceHealthState = 'starting' | 'healthy' | 'degraded' | 'ejected' | 'draining' | 'stopped';

/** Payload of `syx.health.changed`. */
export interface HealthChangedSignal {
  instanceId: string;
  deploymentId: string;
  state: InstanceHealthState;
  previousState?: InstanceHealthState;
  /** Epoch ms. */
  at: number;
}

/** Payload type per signal name. */
export interface SignalPayloads {
  UpstreamOutcome: UpstreamOutcomeSignal;
  GatewayStats: GatewayStatsSignal;
  PoolChanged: PoolChangedSignal;
  HealthChanged: HealthChangedSignal;
}
