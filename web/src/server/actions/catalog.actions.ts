'use server';
// Routes (retarget, enable/disable), providers (discover, add key) and API keys (create shows the key once, revoke).
import { revalidatePath } from 'next/cache';
import { failure, invalid, success, type ActionState } from '../../lib/action-state';
import { retargetBody } from '../../lib/route-form';
import type { Route } from '../../lib/views';
import { registry, ws } from '../api-client';

const reader = (form: FormData) => (name: string) => {
  const v = form.get(name);
  return typeof v === 'string' ? v : null;
};
const enc = encodeURIComponent;

export async function retargetAction(workspaceId: string, routeId: string, count: number, _prev: ActionState, form: FormData): Promise<ActionState> {
  const { body, errors } = retargetBody(reader(form), count);
  if (!body) return invalid(errors);
  try {
    const route = await registry<Route>(ws(workspaceId, `/routes/${enc(routeId)}/retarget`), { method: 'POST', body, mutable: true });
    revalidatePath(`/w/${workspaceId}/routes/${routeId}`);
    return success(`Route retargeted: ${route.targets.length} target(s)`);
  } catch (error) {
    return failure(error);
  }
}

export async function routeEnabledAction(workspaceId: string, routeId: string, enable: boolean, _prev?: ActionState, _form?: FormData): Promise<ActionState> {
  try {
    await registry<Route>(ws(workspaceId, `/routes/${enc(routeId)}/${enable ? 'enable' : 'disable'}`), { method: 'POST', mutable: true });
    revalidatePath(`/w/${workspaceId}/routes/${routeId}`);
    return success(enable ? 'Route enabled' : 'Route disabled');
  } catch (error) {
    return failure(error);
  }
}

export async function discoverAction(workspaceId: string, providerId: string, _prev: ActionState, form: FormData): Promise<ActionState> {
  const register = form.get('register') === 'on';
  try {
    const r = await registry<{ found: string[]; added: Array<{ name: string }>; existing: string[] }>(ws(workspaceId, `/providers/${enc(providerId)}/discover`), {
      method: 'POST',
      body: { register },
      mutable: true,
      timeoutMs: 60_000,
    });
    revalidatePath(`/w/${workspaceId}/providers/${providerId}`);
    return success(`Found ${r.found.length} model(s)${register ? `, registered ${r.added.length} new` : ''}`, {
      details: [
        r.found.length ? `Served: ${r.found.slice(0, 100).join(', ')}` : 'The provider lists no models',
        ...(r.added.length ? [`Added: ${r.added.map((m) => m.name).join(', ')}`] : []),
        ...(r.existing.length ? [`Already registered: ${r.existing.join(', ')}`] : []),
      ],
    });
  } catch (error) {
    return failure(error);
  }
}

export async function addProviderKeyAction(workspaceId: string, providerId: string, _prev: ActionState, form: FormData): Promise<ActionState> {
  const secret = String(form.get('secret') ?? '').trim();
  const description = String(form.get('description') ?? '').trim();
  const weight = Number(form.get('weight') || 1);
  if (!secret) return invalid({ secret: 'API key is required' });
  if (!Number.isInteger(weight) || weight < 0) return invalid({ weight: 'Weight must be a whole number' });
  try {
    const key = await registry<{ maskedSecret: string }>(ws(workspaceId, `/providers/${enc(providerId)}/keys`), {
      method: 'POST',
      body: { secret, description, weight },
      mutable: true,
    });
    revalidatePath(`/w/${workspaceId}/providers/${providerId}`);
    return success(`Key ${key.maskedSecret} added (stored encrypted; it is never shown again)`);
  } catch (error) {
    return failure(error);
  }
}

export async function createApiKeyAction(workspaceId: string, _prev: ActionState, form: FormData): Promise<ActionState> {
  const name = String(form.get('name') ?? '').trim();
  if (!name) return invalid({ name: 'Name is required' });
  const body: Record<string, unknown> = { name };
  const routes = String(form.get('allowedRoutes') ?? '')
    .split(/[,\s]+/)
    .filter(Boolean);
  if (routes.length) body.allowedRoutes = routes;
  for (const f of ['rpmLimit', 'tpmLimit'] as const) {
    const raw = String(form.get(f) ?? '').trim();
    if (!raw) continue;
    const n = Number(raw);
    if (!Number.isInteger(n) || n <= 0) return invalid({ [f]: `${f === 'rpmLimit' ? 'Requests' : 'Tokens'} per minute must be a positive whole number` });
    body[f] = n;
  }
  const budget = String(form.get('monthlyBudget') ?? '').trim();
  if (budget) {
    if (!/^\d{1,12}(\.\d{1,6})?$/.test(budget)) return invalid({ monthlyBudget: 'Monthly budget must be an amount like 100 or 99.50' });
    body.monthlyBudget = budget;
  }
  const expires = String(form.get('expiresAt') ?? '').trim();
  if (expires) {
    const at = /^\d{4}-\d{2}-\d{2}$/.test(expires) ? new Date(`${expires}T23:59:59Z`) : null;
    if (!at || Number.isNaN(at.getTime())) return invalid({ expiresAt: 'Expires must be a date (YYYY-MM-DD)' });
    body.expiresAt = at.toISOString();
  }
  try {
    const created = await registry<{ key: string; name: string; prefix: string }>(ws(workspaceId, '/api-keys'), { method: 'POST', body, mutable: true });
    revalidatePath(`/w/${workspaceId}/api-keys`);
    return success(`API key "${created.name}" created`, { secret: created.key });
  } catch (error) {
    return failure(error);
  }
}

export async function revokeApiKeyAction(workspaceId: string, keyId: string, _prev: ActionState, form: FormData): Promise<ActionState> {
  const reason = String(form.get('reason') ?? '').trim().slice(0, 500);
  try {
    await registry(ws(workspaceId, `/api-keys/${enc(keyId)}/revoke`), { method: 'POST', body: reason ? { reason } : {}, mutable: true });
    revalidatePath(`/w/${workspaceId}/api-keys`);
    return success('Key revoked: the gateway refuses it from now on');
  } catch (error) {
    return failure(error);
  }
}
