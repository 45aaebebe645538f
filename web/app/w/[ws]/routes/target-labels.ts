// Names for route targets: deployments and provider models of the workspace (best effort; ids otherwise).
import type { Deployment, Page, Provider, RouteTarget } from '../../../../src/lib/views';
import { registry, ws } from '../../../../src/server/api-client';

export interface TargetOption {
  ref: string;
  label: string;
}

export async function targetLabels(workspaceId: string): Promise<{ of: (t: Omit<RouteTarget, 'weight'>) => string; options: TargetOption[] }> {
  const [deps, providers] = await Promise.all([
    registry<Page<Deployment>>(ws(workspaceId, '/deployments'), { query: { limit: 200 }, timeoutMs: 5000 }).catch(() => null),
    registry<Page<Provider>>(ws(workspaceId, '/providers'), { query: { limit: 200 }, timeoutMs: 5000 }).catch(() => null),
  ]);
  const names = new Map<string, string>();
  const options: TargetOption[] = [];
  for (const d of deps?.items ?? []) {
    names.set(`deployment:${d.id}`, `deployment ${d.name}`);
    options.push({ ref: `deployment:${d.id}`, label: `Deployment: ${d.name} (${d.modelId} ${d.modelVersion})` });
  }
  for (const p of providers?.items ?? []) {
    for (const m of p.models ?? []) {
      names.set(`provider-model:${m.id}`, `${p.name} / ${m.name}`);
      options.push({ ref: `provider-model:${m.id}`, label: `Provider: ${p.name} / ${m.name}` });
    }
  }
  return {
    of: (t) => {
      const ref = t.kind === 'deployment' ? `deployment:${t.deploymentId}` : `provider-model:${t.providerModelId}`;
      return names.get(ref) ?? ref;
    },
    options,
  };
}
