import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { DeploymentSnapshot } from '@switchyard/contracts';
import type { Logger } from '@switchyard/observability';
import { readEngineMetrics } from './engine-metrics.reader';
import type { DriverInstance, RuntimeDriver } from './runtime-driver';

export interface KubernetesDriverOptions {
  /** e.g. https://kubernetes.default.svc (in-cluster); TLS trust via NODE_EXTRA_CA_CERTS. */
  apiUrl: string;
  namespace: string;
  /** Service-account token file; absent = no Authorization header. Never logged. */
  tokenFile?: string;
  drainTimeoutMs: number;
  drainGraceMs: number;
  logger: Logger;
}

export class KubernetesApiError extends Error {
  constructor(message: string, readonly status: number, readonly retryable: boolean) {
    super(message);
    this.name = 'KubernetesApiError';
  }
}

const NAME = z.string().regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'must be a Kubernetes object name');
const settingsSchema = z.object({
  deployment: NAME,
  service: NAME.optional(),
  namespace: NAME.optional(),
  port: z.number().int().min(1).max(65535).optional(),
});
type KubeTarget = { namespace: string; deployment: string; service: string; port?: number };

interface EndpointsBody {
  subsets?: Array<{
    addresses?: Array<{ ip: string; targetRef?: { name?: string } }>;
    notReadyAddresses?: Array<{ ip: string; targetRef?: { name?: string } }>;
    ports?: Array<{ port: number; name?: string }>;
  }>;
}

/**
 * Replicas of a Kubernetes Deployment: scales it through the scale subresource (PATCH
 * …/apps/v1/namespaces/<ns>/deployments/<name>/scale) and discovers its pods' addresses through the Endpoints of
 * its Service (ready = serving, not ready = starting). Pods not listed yet count as starting, so the reconciler
 * does not ask for them twice. Scaling down marks the chosen pods with a low pod-deletion-cost first, so the
 * ReplicaSet removes exactly the drained ones. Model version changes are the Deployment's own rolling update.
 * No cluster runs here: the test drives it against a fake API server implementing exactly these calls.
 * Settings: runtime.settings.kubernetes = { deployment, service?, namespace?, port? }.
 */
export class KubernetesDriver implements RuntimeDriver {
  readonly name = 'kubernetes' as const;
  readonly manages = true;
  private readonly known = new Map<string, DriverInstance[]>();
  private readonly firstSeen = new Map<string, number>();
  private readonly stopping = new Set<string>();
  private readonly targets = new Map<string, KubeTarget>();
  private readonly token?: string;

  constructor(private readonly options: KubernetesDriverOptions) {
    try {
      if (options.tokenFile) this.token = readFileSync(options.tokenFile, 'utf8').trim();
    } catch {
      this.token = undefined; // outside a cluster
    }
  }

  instances(deploymentId: string): DriverInstance[] {
    return (this.known.get(deploymentId) ?? []).map((i) => ({ ...i, phase: this.stopping.has(i.instanceId) ? 'stopping' : i.phase }));
  }

  async sync(deployment: DeploymentSnapshot): Promise<void> {
    const t = this.target(deployment);
    const [replicas, endpoints] = await Promise.all([this.getReplicas(t), this.getEndpoints(t)]);
    const now = Date.now();
    const listed: DriverInstance[] = [];
    const weight = deployment.endpoints[0]?.weight ?? 100;
    for (const subset of endpoints.subsets ?? []) {
      const port = t.port ?? subset.ports?.[0]?.port ?? 8000;
      const add = (a: { ip: string; targetRef?: { name?: string } }, phase: DriverInstance['phase']) => {
        const id = a.targetRef?.name ?? `${t.deployment}-${a.ip}`;
        if (!this.firstSeen.has(id)) this.firstSeen.set(id, now);
        listed.push({ instanceId: id, deploymentId: deployment.id, revision: deployment.specRevision, url: `http://${a.ip}:${port}/v1`, phase, weight, priority: 'primary', startedAt: this.firstSeen.get(id) ?? now });
      };
      for (const a of subset.addresses ?? []) add(a, 'ready');
      for (const a of subset.notReadyAddresses ?? []) add(a, 'starting');
    }
    // Pods the ReplicaSet is still creating (not in the Endpoints yet): starting placeholders.
    for (let i = listed.length; i < replicas; i++) {
      const id = `${t.deployment}-pending-${i}`;
      if (!this.firstSeen.has(id)) this.firstSeen.set(id, now);
      listed.push({ instanceId: id, deploymentId: deployment.id, revision: deployment.specRevision, url: 'http://0.0.0.0:1/v1', phase: 'starting', weight, priority: 'primary', startedAt: this.firstSeen.get(id) ?? now });
    }
    this.known.set(deployment.id, listed);
  }

  async start(deployment: DeploymentSnapshot, count: number): Promise<void> {
    const t = this.target(deployment);
    const current = await this.getReplicas(t);
    await this.setReplicas(t, current + count);
  }

  async stop(deploymentId: string, instanceIds: readonly string[]): Promise<void> {
    const t = this.targets.get(deploymentId);
    if (!t) return;
    const mine = (this.known.get(deploymentId) ?? []).filter((i) => instanceIds.includes(i.instanceId) && !this.stopping.has(i.instanceId));
    if (mine.length === 0) return;
    for (const i of mine) this.stopping.add(i.instanceId);
    try {
      await sleep(this.options.drainGraceMs);
      const deadline = Date.now() + this.options.drainTimeoutMs;
      for (const i of mine.filter((x) => x.phase === 'ready')) {
        while (Date.now() < deadline) {
          const m = await readEngineMetrics(i.url, 1_000);
          if (!m || m.running + m.waiting === 0) break;
          await sleep(200);
        }
      }
      for (const i of mine) {
        if (!i.instanceId.includes('-pending-')) await this.markForDeletion(t, i.instanceId);
      }
      const current = await this.getReplicas(t);
      await this.setReplicas(t, Math.max(0, current - mine.length));
      const gone = new Set(mine.map((i) => i.instanceId));
      this.known.set(deploymentId, (this.known.get(deploymentId) ?? []).filter((i) => !gone.has(i.instanceId)));
    } finally {
      for (const i of mine) this.stopping.delete(i.instanceId);
    }
  }

  /** The cluster keeps running what it runs: nothing to stop on the scheduler's side. */
  async close(): Promise<void> {
    this.known.clear();
  }

  private target(d: DeploymentSnapshot): KubeTarget {
    const parsed = settingsSchema.safeParse(d.runtime?.settings?.kubernetes);
    if (!parsed.success) throw new KubernetesApiError(`deployment ${d.id}: runtime.settings.kubernetes needs a valid "deployment" name`, 400, false);
    const s = parsed.data;
    const t = { namespace: s.namespace ?? this.options.namespace, deployment: s.deployment, service: s.service ?? s.deployment, port: s.port };
    this.targets.set(d.id, t);
    return t;
  }

  private async getReplicas(t: KubeTarget): Promise<number> {
    const body = (await this.call('GET', `/apis/apps/v1/namespaces/${t.namespace}/deployments/${t.deployment}/scale`)) as { spec?: { replicas?: number } };
    return Math.max(0, Number(body.spec?.replicas ?? 0));
  }

  private async setReplicas(t: KubeTarget, replicas: number): Promise<void> {
    this.options.logger.info({ namespace: t.namespace, deployment: t.deployment, replicas }, 'scaling Kubernetes deployment');
    await this.call('PATCH', `/apis/apps/v1/namespaces/${t.namespace}/deployments/${t.deployment}/scale`, { spec: { replicas } });
  }

  private async getEndpoints(t: KubeTarget): Promise<EndpointsBody> {
    try {
      return (await this.call('GET', `/api/v1/namespaces/${t.namespace}/endpoints/${t.service}`)) as EndpointsBody;
    } catch (error) {
      if (error instanceof KubernetesApiError && error.status === 404) return {};
      throw error;
    }
  }

  private async markForDeletion(t: KubeTarget, pod: string): Promise<void> {
    if (!NAME.safeParse(pod).success) return;
    await this.call('PATCH', `/api/v1/namespaces/${t.namespace}/pods/${pod}`, {
      metadata: { annotations: { 'controller.kubernetes.io/pod-deletion-cost': '-1000' } },
    }).catch((error: unknown) => this.options.logger.warn({ pod, err: (error as Error).message }, 'could not mark pod for deletion'));
  }

  private async call(method: 'GET' | 'PATCH', path: string, body?: unknown): Promise<unknown> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (body !== undefined) headers['content-type'] = 'application/merge-patch+json';
    let res: Response;
    try {
      res = await fetch(`${this.options.apiUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(5_000) });
    } catch (error) {
      throw new KubernetesApiError(`Kubernetes API unreachable (${method} ${path}): ${(error as Error).message}`, 0, true);
    }
    const text = await res.text();
    if (!res.ok) throw new KubernetesApiError(`Kubernetes API ${method} ${path} answered ${res.status}`, res.status, res.status >= 500 || res.status === 429);
    try {
      return text ? (JSON.parse(text) as unknown) : {};
    } catch {
      throw new KubernetesApiError(`Kubernetes API ${method} ${path}: not JSON`, res.status, true);
    }
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
