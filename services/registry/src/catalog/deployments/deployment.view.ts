import type { Deployment, Endpoint } from '@switchyard/registry-store';
import {
  autoscalingFromJson,
  endpointToSnapshot,
  healthCheckFromJson,
  loadBalancerFromJson,
  resourcesFromJson,
  runtimeFromJson,
  sortEndpoints,
  updateStrategyFromJson,
} from '../catalog.mappers';
import { statusDetail, type ConnectivityReport } from './connectivity.report';
import type { DeploymentSpec } from './deployment.rules';

// Deployment rows <-> the spec the rules work on <-> what the API answers. Pure.

export type DeploymentWithEndpoints = Deployment & { endpoints: Endpoint[] };

export function specOf(row: DeploymentWithEndpoints): DeploymentSpec & { name: string; modelId: string; modelVersion: string } {
  const lb = loadBalancerFromJson(row.loadBalancer);
  return {
    name: row.name,
    modelId: row.modelId,
    modelVersion: row.modelVersion,
    description: row.description,
    environment: row.environment as DeploymentSpec['environment'],
    resources: resourcesFromJson(row.resources),
    minReplicas: row.minReplicas,
    maxReplicas: row.maxReplicas,
    replicas: row.replicas,
    autoscaling: autoscalingFromJson(row.autoscaling),
    loadBalancer: { strategy: lb.strategy, stickySessions: lb.stickySessions, sessionHeader: lb.sessionHeader ?? null, priority: row.priority },
    healthCheck: healthCheckFromJson(row.healthCheck),
    updateStrategy: updateStrategyFromJson(row.updateStrategy),
    runtime: runtimeFromJson(row.runtime),
    env: envOf(row.env),
    endpoints: sortEndpoints(row.endpoints).map((e) => ({
      url: e.url,
      weight: e.weight,
      priority: e.priority === 'backup' ? 'backup' : 'primary',
      enabled: e.enabled,
    })),
  };
}

function envOf(value: unknown): Record<string, string> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
}

/** The JSON columns of a spec, in the contracts' shapes (the load balancer's priority has its own column). */
export function columnsOf(spec: DeploymentSpec) {
  const { priority, ...loadBalancer } = spec.loadBalancer;
  return {
    description: spec.description,
    environment: spec.environment,
    resources: spec.resources,
    minReplicas: spec.minReplicas,
    maxReplicas: spec.maxReplicas,
    replicas: spec.replicas,
    autoscaling: spec.autoscaling,
    loadBalancer,
    priority,
    healthCheck: spec.healthCheck,
    updateStrategy: spec.updateStrategy,
    runtime: spec.runtime,
    env: spec.env,
  };
}

export function connectivityOf(value: unknown): ConnectivityReport | null {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as ConnectivityReport) : null;
}

/** What the API answers for a deployment. */
export function deploymentView(row: DeploymentWithEndpoints) {
  const spec = specOf(row);
  const connectivity = connectivityOf(row.connectivity);
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    name: row.name,
    description: row.description,
    modelId: row.modelId,
    modelVersion: row.modelVersion,
    environment: spec.environment,
    status: row.status,
    statusDetail: statusDetail(row.status, connectivity),
    resources: spec.resources,
    replicas: row.replicas,
    minReplicas: row.minReplicas,
    maxReplicas: row.maxReplicas,
    autoscaling: spec.autoscaling,
    loadBalancer: spec.loadBalancer,
    healthCheck: spec.healthCheck,
    updateStrategy: spec.updateStrategy,
    runtime: spec.runtime,
    env: spec.env,
    endpoints: sortEndpoints(row.endpoints).map(endpointToSnapshot),
    requiresRestart: row.requiresRestart,
    connectivity,
    specRevision: row.specRevision,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export type DeploymentView = ReturnType<typeof deploymentView>;
