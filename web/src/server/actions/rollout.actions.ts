'use server';
// Rollout commands. The scheduler's API has no user auth of its own, so the dashboard checks first that the user
// may write in the deployment's workspace (and that the deployment is in it) through the registry.
import { revalidatePath } from 'next/cache';
import { failure, success, type ActionState } from '../../lib/action-state';
import type { Deployment, Me, Rollout } from '../../lib/views';
import { call, registry, ws } from '../api-client';

const WRITE_ROLES = new Set(['admin', 'member']);

export async function rolloutCommandAction(workspaceId: string, id: string, command: 'pause' | 'resume' | 'rollback', _prev?: ActionState, _form?: FormData): Promise<ActionState> {
  try {
    const [me, deployment] = await Promise.all([
      registry<Me>('/api/v1/me', { mutable: true }),
      registry<Deployment>(ws(workspaceId, `/deployments/${encodeURIComponent(id)}`), { mutable: true }),
    ]);
    const role = me.memberships.find((m) => m.workspaceId === workspaceId)?.role;
    if (!me.platformAdmin && !(role && WRITE_ROLES.has(role))) return { ok: false, message: 'you are not allowed to change rollouts in this workspace' };
    const answer = await call<{ rollout: Rollout }>('scheduler', `/api/v1/deployments/${encodeURIComponent(deployment.id)}/rollout/${command}`, { method: 'POST' });
    revalidatePath(`/w/${workspaceId}/deployments/${id}`);
    return success(`Rollout ${command}: now ${answer.rollout.status} (${answer.rollout.phase})`);
  } catch (error) {
    return failure(error);
  }
}
