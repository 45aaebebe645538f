/** Workspace roles: `finance` reads reports only. Platform admins are a flag on the user, not a role. */
export type Role = 'admin' | 'member' | 'finance';

export const ROLES: readonly Role[] = ['admin', 'member', 'finance'];

/** Who is calling: a user (from an access token) or the platform's service identity (service token). */
export interface Principal {
  kind: 'user' | 'service';
  userId: string | null;
  email: string | null;
  platformAdmin: boolean;
  /** workspaceId -> role. */
  memberships: ReadonlyMap<string, Role>;
}

export function isRole(value: unknown): value is Role {
  return value === 'admin' || value === 'member' || value === 'finance';
}

/** The platform's service identity (SWITCHYARD_SERVICE_TOKEN): platform-level, acts like a platform admin. */
export const SERVICE_PRINCIPAL: Principal = Object.freeze({
  kind: 'service',
  userId: null,
  email: null,
  platformAdmin: true,
  memberships: new Map<string, Role>(),
});
