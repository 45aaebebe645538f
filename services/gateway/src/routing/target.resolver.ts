// From a route target key to something an attempt can be sent to: a deployment instance (OpenAI-compatible) or a
// provider model with a credential. Also answers which targets can serve at all (for the plan) and why not.
import { shiftForOverflow } from './overflow.shift';
import type { ProviderAdapter, ProviderCredential, ProviderRegistry, ProviderTarget } from '../providers';
import { GatewayErrors, type GatewayError } from '../errors/gateway.error';
import type { RegistryMirror } from '../mirror/registry.mirror';
import { parseTargetKey, type RouteEntry } from '../mirror/mirror.types';
import type { DeploymentBalancer } from './deployment.balancer';
import { NO_CREDENTIAL, type ProviderCredentialsStore } from './provider-credentials.store';

export interface ResolvedTarget {
  key: string;
  kind: 'deployment' | 'provider';
  /** Instance id, or `provider:<providerId>:<keyId>` for a provider key: what retries exclude. */
  instanceId: string;
  deploymentId?: string;
  providerId?: string;
  providerKeyId?: string;
  /** Deployment or provider name, for messages. */
  name: string;
  adapter: ProviderAdapter;
  target: ProviderTarget;
  credential: ProviderCredential;
}

export interface ResolveContext {
  clientIp?: string;
  sessionKey?: string;
  exclude: ReadonlySet<string>;
}

/** An instance URL as an OpenAI base URL: 'http://h:p' -> 'http://h:p/v1'; one already ending in /v1 stays. */
export function instanceBaseUrl(url: string): string {
  const trimmed = url.replace(/\/+$/, '');
  return /\/v1$/.test(trimmed) ? trimmed : `${trimmed}/v1`;
}

export class TargetResolver {
  private readonly baseUrls = new Map<string, string>();

  constructor(
    private readonly mirror: RegistryMirror,
    private readonly balancer: DeploymentBalancer,
    private readonly credentials: ProviderCredentialsStore,
    private readonly providers: ProviderRegistry,
  ) {}

  /** A deployment instance refused a connection: keep new requests off it for a moment (local outlier detection). */
  suspect(target: ResolvedTarget, ms: number): void {
    if (target.kind === 'deployment' && target.deploymentId) this.balancer.suspect(target.deploymentId, target.instanceId, ms);
  }

  /** Whether the target can take a request now (used by the weighted plan). */
  available(key: string): boolean {
    const ref = parseTargetKey(key);
    if (!ref) return false;
    if (ref.kind === 'deployment') return this.balancer.availability(ref.deploymentId) === 'ok';
    const entry = this.mirror.provider(ref.providerId);
    if (!entry || !entry.provider.enabled || !entry.modelsById.has(ref.providerModelId)) return false;
    if (!this.providers.has(entry.provider.vendor)) return false;
    return entry.provider.keys.length === 0 || this.credentials.available(ref.providerId);
  }

  /** Ordered keys to try: priority groups by weight, then the fallback. */
  plan(entry: RouteEntry): string[] {
    const isAvailable = (k: string) => this.available(k);
    const plan: string[] = [];
    for (const group of entry.groups) {
      for (const k of group.plan(isAvailable)) if (!plan.includes(k)) plan.push(k);
    }
    if (entry.fallbackKey && !plan.includes(entry.fallbackKey) && isAvailable(entry.fallbackKey)) plan.push(entry.fallbackKey);
    const overflow = entry.route.overflow;
    if (!overflow?.enabled) return plan;
    // The scheduler raises the pool's overflowShare when the deployment is at max replicas under pressure.
    return shiftForOverflow(plan, (key) => {
      const ref = parseTargetKey(key);
      const share = ref?.kind === 'deployment' ? this.mirror.pool(ref.deploymentId)?.overflowShare ?? 0 : 0;
      return Math.min(share, overflow.maxShare);
    });
  }

  /** Why no target of the route can serve: names the first stopped / unhealthy deployment or provider. */
  unavailableReason(entry: RouteEntry): GatewayError {
    const keys = [...entry.groups.flatMap((g) => g.targets.map((t) => t.key)), ...(entry.fallbackKey ? [entry.fallbackKey] : [])];
    for (const key of keys) {
      const ref = parseTargetKey(key);
      if (!ref) continue;
      if (ref.kind === 'deployment') {
        const name = this.mirror.deployment(ref.deploymentId)?.name ?? ref.deploymentId;
        const availability = this.balancer.availability(ref.deploymentId);
        if (availability === 'stopped') return GatewayErrors.deploymentStopped(name);
        return GatewayErrors.noHealthyInstance(name);
      }
      return GatewayErrors.providerUnavailable(this.mirror.provider(ref.providerId)?.provider.name ?? ref.providerId);
    }
    return GatewayErrors.noTarget(entry.route.name);
  }

  /** A concrete target for the next attempt, or undefined when this target has nothing left to try. */
  async resolve(key: string, ctx: ResolveContext): Promise<ResolvedTarget | undefined> {
    const ref = parseTargetKey(key);
    if (!ref) return undefined;
    if (ref.kind === 'deployment') {
      const member = this.balancer.pick(ref.deploymentId, ctx);
      const deployment = this.mirror.deployment(ref.deploymentId);
      const adapter = this.providers.get('openai-compatible');
      if (!member || !adapter) return undefined;
      let baseUrl = this.baseUrls.get(member.url);
      if (!baseUrl) {
        baseUrl = instanceBaseUrl(member.url);
        this.baseUrls.set(member.url, baseUrl);
      }
      return {
        key,
        kind: 'deployment',
        instanceId: member.instanceId,
        deploymentId: ref.deploymentId,
        name: deployment?.name ?? ref.deploymentId,
        adapter,
        target: { vendor: 'openai-compatible', baseUrl, upstreamModel: deployment?.model ?? '' },
        credential: NO_CREDENTIAL,
      };
    }
    const entry = this.mirror.provider(ref.providerId);
    const model = entry?.modelsById.get(ref.providerModelId);
    const adapter = entry ? this.providers.get(entry.provider.vendor) : undefined;
    if (!entry || !model || !adapter || !entry.provider.enabled) return undefined;
    const credential = entry.provider.keys.length === 0 ? NO_CREDENTIAL : await this.credentials.pick(ref.providerId);
    if (!credential) return undefined;
    const instanceId = `provider:${ref.providerId}:${credential.keyId}`;
    if (ctx.exclude.has(instanceId)) return undefined;
    const p = entry.provider;
    return {
      key,
      kind: 'provider',
      instanceId,
      providerId: p.id,
      providerKeyId: credential.keyId || undefined,
      name: p.name,
      adapter,
      target: {
        vendor: p.vendor,
        baseUrl: p.baseUrl,
        apiVersion: p.apiVersion ?? undefined,
        upstreamModel: p.vendor === 'azure' ? (model.azureDeployment ?? model.upstreamName) : model.upstreamName,
      },
      credential,
    };
  }
}
