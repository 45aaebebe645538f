// Test fixtures: a registry "world" (workspaces, keys, deployments, providers, routes) built from contracts' types,
// served over NATS exactly as the registry does (Requests.RegistrySnapshot / Requests.ProviderCredentials) and
// able to publish control events on the namespaced subjects.
import { randomBytes } from 'node:crypto';
import {
  createEnvelope,
  encodeEvent,
  encodeRegistrySnapshot,
  namespacedSubject,
  REGISTRY_SNAPSHOT_SCHEMA_VERSION,
  Requests,
  sealCredentialsReply,
  Signals,
  Subjects,
  verifyCredentialsRequest,
  type CredentialsAuth,
  type SignalName,
  type SignalPayloads,
  type ApiKeySnapshot,
  type DeploymentSnapshot,
  type EventPayloads,
  type EventType,
  type ProviderKeyCredential,
  type ProviderSnapshot,
  type RegistrySnapshot,
  type RouteSnapshot,
  type RouteTargetSnapshot,
  type WorkspaceSnapshot,
} from '@switchyard/contracts';
import { connectNats } from '@switchyard/messaging';
import { createLogger } from '@switchyard/observability';
import { hashApiKey } from '../../src/auth/api-key.authenticator';

export const WS = 'ws_test';

export class RegistryWorld {
  version = 1;
  workspaces: WorkspaceSnapshot[] = [
    { id: WS, name: 'Test', slug: 'test', disabled: false, monthlyBudget: null, currency: 'USD', budgetAlertPercents: [] },
  ];
  apiKeys: ApiKeySnapshot[] = [];
  providers: ProviderSnapshot[] = [];
  deployments: DeploymentSnapshot[] = [];
  routes: RouteSnapshot[] = [];
  readonly secrets = new Map<string, ProviderKeyCredential[]>();
  /** Every credentials request as it arrived (raw body and header names, to check that no token travels). */
  readonly credentialRequests: Array<{ providerId: string; authorized: boolean; raw: string; headers: string[] }> = [];
  snapshotRequests = 0;

  addKey(id: string, opts: Partial<ApiKeySnapshot> = {}): string {
    const plain = `sk-sy-${randomBytes(16).toString('hex')}`;
    this.apiKeys.push({
      id,
      workspaceId: WS,
      userId: 'user_1',
      name: id,
      prefix: plain.slice(0, 10),
      hash: hashApiKey(plain),
      allowedRoutes: [],
      rpmLimit: null,
      tpmLimit: null,
      monthlyBudget: null,
      expiresAt: null,
      revoked: false,
      ...opts,
    });
    return plain;
  }

  addDeployment(id: string, name: string, model: string, opts: Partial<DeploymentSnapshot> = {}): DeploymentSnapshot {
    const d: DeploymentSnapshot = {
      id,
      workspaceId: WS,
      name,
      description: '',
      status: 'running',
      model,
      version: 'v1',
      environment: 'development',
      updateStrategy: 'rolling',
      loadBalancer: { strategy: 'round-robin', stickySessions: false, sessionHeader: null },
      healthCheck: { path: '/health', intervalSeconds: 5, timeoutSeconds: 2, failureThreshold: 3, successThreshold: 1 },
      runtime: { driver: 'static', settings: {} },
      replicas: 1,
      minReplicas: 1,
      maxReplicas: 1,
      autoscaling: { enabled: false, scaleUpCooldownSeconds: 30, scaleDownCooldownSeconds: 300 },
      resources: { cpuCores: 1, memoryGb: 1, gpuCount: 0, storageGb: 1, bandwidthMbps: 100 },
      endpoints: [],
      specRevision: 1,
      ...opts,
    };
    this.deployments.push(d);
    return d;
  }

  addProvider(p: Omit<ProviderSnapshot, 'workspaceId' | 'enabled'> & Partial<ProviderSnapshot>, secrets: ProviderKeyCredential[]): void {
    this.providers.push({ workspaceId: WS, enabled: true, ...p });
    this.secrets.set(p.id, secrets);
  }

  addRoute(id: string, name: string, targets: RouteTargetSnapshot[], opts: Partial<RouteSnapshot> = {}): RouteSnapshot {
    const r: RouteSnapshot = {
      id,
      workspaceId: WS,
      name,
      enabled: true,
      targets,
      fallback: null,
      access: { allowedKeyIds: [], allowedWorkspaceIds: [] },
      overflow: null,
      ...opts,
    };
    this.routes.push(r);
    return r;
  }

  snapshot(): RegistrySnapshot {
    return {
      schemaVersion: REGISTRY_SNAPSHOT_SCHEMA_VERSION,
      version: this.version,
      generatedAt: new Date().toISOString(),
      workspaces: this.workspaces,
      apiKeys: this.apiKeys,
      providers: this.providers,
      models: [],
      prices: [],
      deployments: this.deployments,
      routes: this.routes,
    };
  }
}

export const deploymentTarget = (deploymentId: string, weight = 100, priority?: number): RouteTargetSnapshot => ({
  kind: 'deployment',
  deploymentId,
  weight,
  ...(priority === undefined ? {} : { priority }),
});

export const providerTarget = (providerId: string, providerModelId: string, weight = 100): RouteTargetSnapshot => ({
  kind: 'provider-model',
  providerId,
  providerModelId,
  weight,
});

export interface RegistryResponder {
  publish<T extends EventType>(type: T, data: EventPayloads[T], aggregateId: string): void;
  /** A core-NATS signal (as the health monitor or scheduler sends them). */
  signal<K extends SignalName>(name: K, payload: SignalPayloads[K]): void;
  /** Collects every signal `name` published from now on. */
  collect<K extends SignalName>(name: K): Array<SignalPayloads[K]>;
  flush(): Promise<void>;
  close(): Promise<void>;
}

const encoder = new TextEncoder();

/** Answers the registry's requests under `namespace` from `world` (read at every request). */
export async function startRegistryResponder(namespace: string, world: RegistryWorld, serviceToken: string): Promise<RegistryResponder> {
  const logger = createLogger({ service: 'test-registry', level: 'silent' });
  const nc = await connectNats({ url: process.env.NATS_URL ?? 'nats://127.0.0.1:4222', name: 'test-registry', logger });
  nc.subscribe(namespacedSubject(namespace, Requests.RegistrySnapshot), {
    callback: (_err, msg) => {
      world.snapshotRequests++;
      msg.respond(encodeRegistrySnapshot(world.snapshot()));
    },
  });
  nc.subscribe(namespacedSubject(namespace, Requests.ProviderCredentials), {
    callback: (_err, msg) => {
      // As the registry answers: only to a proof of the service token, sealed for that request.
      const req = JSON.parse(new TextDecoder().decode(msg.data)) as { providerId: string; requester: string; auth?: unknown };
      const authorized = verifyCredentialsRequest(serviceToken, req.auth, req.requester, req.providerId);
      world.credentialRequests.push({ providerId: req.providerId, authorized, raw: new TextDecoder().decode(msg.data), headers: msg.headers ? [...msg.headers.keys()] : [] });
      if (!authorized) {
        msg.respond(encoder.encode(JSON.stringify({ error: { code: 'unauthorized', message: 'a proof of the service token is required', retryable: false } })));
        return;
      }
      const sealed = sealCredentialsReply(serviceToken, (req.auth as CredentialsAuth).nonce, { providerId: req.providerId, keys: world.secrets.get(req.providerId) ?? [] });
      msg.respond(encoder.encode(JSON.stringify(sealed)));
    },
  });
  const versions = new Map<string, number>();
  return {
    publish(type, data, aggregateId) {
      const v = (versions.get(aggregateId) ?? 0) + 1;
      versions.set(aggregateId, v);
      const env = createEnvelope(type, data, { source: 'registry', workspaceId: WS, aggregateId, aggregateVersion: v });
      nc.publish(namespacedSubject(namespace, Subjects[type]), encodeEvent(env));
    },
    signal(name, payload) {
      nc.publish(namespacedSubject(namespace, Signals[name]), encoder.encode(JSON.stringify(payload)));
    },
    collect(name) {
      const seen: Array<SignalPayloads[typeof name]> = [];
      nc.subscribe(namespacedSubject(namespace, Signals[name]), {
        callback: (_err, msg) => seen.push(JSON.parse(new TextDecoder().decode(msg.data)) as SignalPayloads[typeof name]),
      });
      return seen;
    },
    flush: () => nc.flush(),
    close: () => nc.drain(),
  };
}
