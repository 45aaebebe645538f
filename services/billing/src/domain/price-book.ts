import type { DeploymentSnapshot, ModelSnapshot, PriceSnapshot, ProviderSnapshot, UsageRecordInput, WorkspaceSnapshot } from '@switchyard/contracts';
import type { GpuRate } from './gpu-cost';
import { toMicros } from './money';

/** What the price book needs from the registry snapshot. */
export interface PriceBookSource {
  prices: readonly PriceSnapshot[];
  models: readonly ModelSnapshot[];
  deployments: readonly (Pick<DeploymentSnapshot, 'id' | 'workspaceId' | 'model'> & { resources?: { gpuCount: number } })[];
  providers: readonly Pick<ProviderSnapshot, 'id' | 'workspaceId' | 'models'>[];
  workspaces: readonly Pick<WorkspaceSnapshot, 'id' | 'currency'>[];
}

/** What GPU-hour billing needs to know of a deployment. */
export interface DeploymentInfo {
  workspaceId: string;
  model: string;
  gpuCount: number;
}

/** A GPU-hour rate with the price row it comes from. */
export interface PricedGpuRate extends GpuRate {
  currency: string;
  priceId: string;
}

export interface ResolvedPrice {
  price: PriceSnapshot;
  /** Which rule found it, for explanations in logs and tests. */
  via: 'deployment' | 'provider-model' | 'model';
}

/**
 * The price in effect for a usage record at its time, with the whole history of every price kept (a change is a
 * new row with a later effectiveFrom, so a record is priced by what applied when it happened). Pure.
 * Lookup order: a deployment's own price; else the provider model's price; else the logical model's price
 * (the deployment's model, or the provider model's modelId, workspace models before platform-wide ones).
 */
export class PriceBook {
  private readonly byTarget = new Map<string, PriceSnapshot[]>();
  private readonly priceIds = new Map<string, PriceSnapshot>();
  private deployments = new Map<string, DeploymentInfo>();
  private providerModels = new Map<string, Array<{ id: string; name: string; upstreamName: string; modelId: string | null }>>();
  private modelsByName = new Map<string, ModelSnapshot[]>();
  private currencies = new Map<string, string>();

  static from(source: PriceBookSource): PriceBook {
    const book = new PriceBook();
    book.replaceCatalog(source);
    for (const p of source.prices) book.upsertPrice(p);
    return book;
  }

  /** Replaces everything but the prices' history (the snapshot is authoritative for the catalogue). */
  replaceCatalog(source: Omit<PriceBookSource, 'prices'>): void {
    this.deployments = new Map(
      source.deployments.map((d) => [d.id, { workspaceId: d.workspaceId, model: d.model, gpuCount: d.resources?.gpuCount ?? 0 }]),
    );
    this.providerModels = new Map(
      source.providers.map((p) => [p.id, p.models.map((m) => ({ id: m.id, name: m.name, upstreamName: m.upstreamName, modelId: m.modelId ?? null }))]),
    );
    this.modelsByName = new Map();
    for (const m of source.models) {
      const list = this.modelsByName.get(m.name) ?? [];
      list.push(m);
      this.modelsByName.set(m.name, list);
    }
    this.currencies = new Map(source.workspaces.map((w) => [w.id, w.currency]));
  }

  upsertPrice(price: PriceSnapshot): void {
    const previous = this.priceIds.get(price.id);
    if (previous) this.removePrice(previous.id);
    const key = targetKey(price);
    if (!key) return;
    const list = this.byTarget.get(key) ?? [];
    list.push(price);
    list.sort((a, b) => Date.parse(a.effectiveFrom) - Date.parse(b.effectiveFrom));
    this.byTarget.set(key, list);
    this.priceIds.set(price.id, price);
  }

  removePrice(id: string): void {
    const price = this.priceIds.get(id);
    if (!price) return;
    const key = targetKey(price);
    if (key) this.byTarget.set(key, (this.byTarget.get(key) ?? []).filter((p) => p.id !== id));
    this.priceIds.delete(id);
  }

  get size(): number {
    return this.priceIds.size;
  }

  deployment(id: string): DeploymentInfo | undefined {
    return this.deployments.get(id);
  }

  /** Deployments with a GPU-hour rate in any of their prices (past, present or future). */
  gpuPricedDeployments(): string[] {
    const ids: string[] = [];
    for (const [key, list] of this.byTarget) {
      if (key.startsWith('deployment:') && list.some((p) => p.gpuHour)) ids.push(key.slice('deployment:'.length));
    }
    return ids;
  }

  /**
   * A deployment's GPU-hour rates over time, sorted: every price row of the deployment starts a rate (0 when
   * that row has no gpuHour, since a newer price replaces the older one whole), with the row's currency.
   */
  gpuRates(deploymentId: string): PricedGpuRate[] {
    return (this.byTarget.get(`deployment:${deploymentId}`) ?? []).map((p) => ({
      fromMs: Date.parse(p.effectiveFrom),
      microsPerGpuHour: p.gpuHour ? toMicros(p.gpuHour) : 0n,
      currency: p.currency,
      priceId: p.id,
    }));
  }

  price(id: string): PriceSnapshot | undefined {
    return this.priceIds.get(id);
  }

  /** The workspace's currency (for records no price applies to). */
  currencyOf(workspaceId: string): string {
    return this.currencies.get(workspaceId) ?? 'USD';
  }

  resolve(record: Pick<UsageRecordInput, 'workspaceId' | 'deploymentId' | 'providerId' | 'upstreamModel' | 'model' | 'time'>): ResolvedPrice | undefined {
    const at = Date.parse(record.time);
    if (record.deploymentId) {
      const own = this.at(`deployment:${record.deploymentId}`, at);
      if (own) return { price: own, via: 'deployment' };
      const deployment = this.deployments.get(record.deploymentId);
      const byModel = deployment ? this.modelPrice(deployment.model, deployment.workspaceId, at) : undefined;
      if (byModel) return { price: byModel, via: 'model' };
      return undefined;
    }
    if (record.providerId) {
      const wanted = record.upstreamModel || record.model;
      const pm = (this.providerModels.get(record.providerId) ?? []).find((m) => m.upstreamName === wanted || m.name === wanted || m.name === record.model);
      if (!pm) return undefined;
      const own = this.at(`provider-model:${pm.id}`, at);
      if (own) return { price: own, via: 'provider-model' };
      if (pm.modelId) {
        const byModel = this.at(`model:${pm.modelId}`, at);
        if (byModel) return { price: byModel, via: 'model' };
      }
    }
    return undefined;
  }

  private modelPrice(name: string, workspaceId: string, at: number): PriceSnapshot | undefined {
    const candidates = this.modelsByName.get(name) ?? [];
    const ordered = [...candidates.filter((m) => m.workspaceId === workspaceId), ...candidates.filter((m) => !m.workspaceId)];
    for (const m of ordered) {
      const p = this.at(`model:${m.id}`, at);
      if (p) return p;
    }
    return undefined;
  }

  /** The latest price whose effectiveFrom is at or before `at`. */
  private at(key: string, at: number): PriceSnapshot | undefined {
    const list = this.byTarget.get(key);
    if (!list) return undefined;
    let found: PriceSnapshot | undefined;
    for (const p of list) {
      if (Date.parse(p.effectiveFrom) <= at) found = p;
      else break;
    }
    return found;
  }
}

function targetKey(p: PriceSnapshot): string | undefined {
  if (p.deploymentId) return `deployment:${p.deploymentId}`;
  if (p.providerModelId) return `provider-model:${p.providerModelId}`;
  if (p.modelId) return `model:${p.modelId}`;
  return undefined;
}
