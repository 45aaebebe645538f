import { ApiError } from '../common/api.error';
import type { Principal, Role } from '../auth/principal';

/** Configuration reads. */
export const READ_ROLES: readonly Role[] = ['admin', 'member'];
/** Deployments, routes, models. */
export const WRITE_ROLES: readonly Role[] = ['admin', 'member'];
/** Providers and their keys, prices, members, API keys, the workspace's audit log. */
export const ADMIN_ROLES: readonly Role[] = ['admin'];
/** Every member (reports, the workspace itself). */
export const ANY_ROLE: readonly Role[] = ['admin', 'member', 'finance'];

/**
 * Platform admins (and the service identity) pass. A non-member gets 404 (the workspace's existence does not
 * leak); a member whose role is not in `allowed` gets 403. Pure.
 */
export function assertWorkspaceAccess(p: Principal, workspaceId: string, allowed: readonly Role[]): void {
  if (p.platformAdmin) return;
  const role = p.memberships.get(workspaceId);
  if (!role) throw ApiError.notFound('workspace');
  if (!allowed.includes(role)) throw ApiError.forbidden();
}

/** Only platform admins (and the service identity). */
export function assertPlatformAdmin(p: Principal): void {
  if (!p.platformAdmin) throw ApiError.forbidden('only a platform admin may do this');
}

/**
 * Sharing something (a route) with other workspaces sends their traffic to it: only someone who administers
 * every receiving workspace may do that (platform admins may). 403 names the field, so the sharer sees why.
 */
export function assertMayShareWith(p: Principal, ownWorkspaceId: string, workspaceIds: readonly string[], field: string): void {
  if (p.platformAdmin) return;
  workspaceIds.forEach((id, i) => {
    if (id !== ownWorkspaceId && p.memberships.get(id) !== 'admin') {
      throw new ApiError(403, 'forbidden', `${field}.${i}: sharing with a workspace needs its admin role`, `${field}.${i}`);
    }
  });
}
