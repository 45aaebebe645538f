'use server';
// Deployment forms and buttons: create, edit, scale, stop/start, update model, connectivity test, delete.
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { failure, invalid, success, type ActionState } from '../../lib/action-state';
import { createDeploymentBody, editDeploymentPatch } from '../../lib/deployment-form';
import type { Deployment, UpdatedDeployment } from '../../lib/views';
import { registry, ws } from '../api-client';

const reader = (form: FormData) => (name: string) => {
  const v = form.get(name);
  return typeof v === 'string' ? v : null;
};

const deploymentPath = (workspaceId: string, id: string, rest = '') => ws(workspaceId, `/deployments/${encodeURIComponent(id)}${rest}`);
const pagePath = (workspaceId: string, id?: string) => `/w/${workspaceId}/deployments${id ? `/${id}` : ''}`;

export async function createDeploymentAction(workspaceId: string, _prev: ActionState, form: FormData): Promise<ActionState> {
  const { body, errors } = createDeploymentBody(reader(form));
  if (!body) return invalid(errors);
  let created: Deployment;
  try {
    created = await registry<Deployment>(ws(workspaceId, '/deployments'), { method: 'POST', body, mutable: true, timeoutMs: 60_000 });
  } catch (error) {
    return failure(error);
  }
  revalidatePath(pagePath(workspaceId));
  redirect(`${pagePath(workspaceId, created.id)}?created=1`);
}

export async function updateDeploymentAction(workspaceId: string, id: string, _prev: ActionState, form: FormData): Promise<ActionState> {
  try {
    const current = await registry<Deployment>(deploymentPath(workspaceId, id), { mutable: true });
    const { body, errors } = editDeploymentPatch(reader(form), current);
    if (!body) return invalid(errors);
    if (Object.keys(body).length === 0) return success('Nothing changed');
    const updated = await registry<UpdatedDeployment>(deploymentPath(workspaceId, id), { method: 'PATCH', body, mutable: true });
    revalidatePath(pagePath(workspaceId, id));
    const details: string[] = [];
    if (updated.changedFields?.length) details.push(`Changed: ${updated.changedFields.join(', ')}`);
    if (updated.restartRequired) details.push(`Restart required for: ${(updated.restartFields ?? []).join(', ') || 'resources'} (changes take effect after a restart)`);
    return success('Deployment updated', { details });
  } catch (error) {
    return failure(error);
  }
}

export async function scaleAction(workspaceId: string, id: string, _prev: ActionState, form: FormData): Promise<ActionState> {
  const replicas = Number(form.get('replicas'));
  if (!Number.isInteger(replicas) || replicas < 0) return invalid({ replicas: 'Replicas must be a whole number' });
  try {
    const d = await registry<Deployment>(deploymentPath(workspaceId, id, '/scale'), { method: 'POST', body: { replicas }, mutable: true });
    revalidatePath(pagePath(workspaceId, id));
    return success(`Scaled to ${d.replicas} replica(s)`);
  } catch (error) {
    return failure(error);
  }
}

export async function stopAction(workspaceId: string, id: string, _prev: ActionState, form: FormData): Promise<ActionState> {
  const reason = String(form.get('reason') ?? '').trim().slice(0, 500);
  try {
    await registry<Deployment>(deploymentPath(workspaceId, id, '/stop'), { method: 'POST', body: reason ? { reason } : {}, mutable: true });
    revalidatePath(pagePath(workspaceId, id));
    return success('Deployment stopped: all instances shut down; its route answers an error until Start');
  } catch (error) {
    return failure(error);
  }
}

export async function startAction(workspaceId: string, id: string, _prev?: ActionState, _form?: FormData): Promise<ActionState> {
  try {
    await registry<Deployment>(deploymentPath(workspaceId, id, '/start'), { method: 'POST', body: {}, mutable: true });
    revalidatePath(pagePath(workspaceId, id));
    return success('Deployment starting with its previous configuration');
  } catch (error) {
    return failure(error);
  }
}

export async function testConnectivityAction(workspaceId: string, id: string, _prev?: ActionState, _form?: FormData): Promise<ActionState> {
  try {
    const d = await registry<Deployment>(deploymentPath(workspaceId, id, '/test-connectivity'), { method: 'POST', mutable: true, timeoutMs: 60_000 });
    revalidatePath(pagePath(workspaceId, id));
    return { ok: d.connectivity?.ok !== false, message: `Connectivity test: ${d.connectivity?.summary ?? 'no result'}` };
  } catch (error) {
    return failure(error);
  }
}

export async function updateModelAction(workspaceId: string, id: string, _prev: ActionState, form: FormData): Promise<ActionState> {
  const modelVersion = String(form.get('modelVersion') ?? '').trim();
  const modelId = String(form.get('modelId') ?? '').trim();
  const strategy = String(form.get('strategy') ?? 'rolling');
  if (!modelVersion) return invalid({ modelVersion: 'Model Version is required' });
  if (!['rolling', 'blue-green', 'canary'].includes(strategy)) return invalid({ strategy: 'Choose Rolling Update, Blue-Green or Canary' });
  const body: Record<string, unknown> = { modelVersion, strategy };
  if (modelId) body.modelId = modelId;
  try {
    const d = await registry<Deployment>(deploymentPath(workspaceId, id, '/update-model'), { method: 'POST', body, mutable: true });
    revalidatePath(pagePath(workspaceId, id));
    return success(`Rolling out ${d.modelId} ${d.modelVersion} (${strategy}); revision ${d.specRevision}`);
  } catch (error) {
    return failure(error);
  }
}

export async function deleteDeploymentAction(workspaceId: string, id: string, _prev: ActionState, form: FormData): Promise<ActionState> {
  if (form.get('confirm') !== 'delete') return invalid({ confirm: 'Type "delete" to confirm' });
  try {
    await registry<void>(deploymentPath(workspaceId, id), { method: 'DELETE', mutable: true });
  } catch (error) {
    return failure(error);
  }
  revalidatePath(pagePath(workspaceId));
  redirect(pagePath(workspaceId));
}
