import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../common/api.error';
import { SERVICE_PRINCIPAL, type Principal, type Role } from '../auth/principal';
import { ADMIN_ROLES, assertPlatformAdmin, assertWorkspaceAccess, READ_ROLES } from './workspace-access';
import { slugify } from './workspace.schemas';

const user = (memberships: Array<[string, Role]>, platformAdmin = false): Principal => ({
  kind: 'user',
  userId: 'u',
  email: 'u@x.io',
  platformAdmin,
  memberships: new Map(memberships),
});

function statusOf(fn: () => void): number {
  try {
    fn();
    return 200;
  } catch (e) {
    return e instanceof ApiError ? e.status : 500;
  }
}

describe('assertWorkspaceAccess', () => {
  it('platform admins and the service identity pass everywhere', () => {
    assert.equal(statusOf(() => assertWorkspaceAccess(user([], true), 'w', ADMIN_ROLES)), 200);
    assert.equal(statusOf(() => assertWorkspaceAccess(SERVICE_PRINCIPAL, 'w', ADMIN_ROLES)), 200);
  });
  it('non-members get 404, members with another role 403', () => {
    const p = user([['a', 'member'], ['b', 'finance']]);
    assert.equal(statusOf(() => assertWorkspaceAccess(p, 'c', READ_ROLES)), 404);
    assert.equal(statusOf(() => assertWorkspaceAccess(p, 'a', READ_ROLES)), 200);
    assert.equal(statusOf(() => assertWorkspaceAccess(p, 'a', ADMIN_ROLES)), 403);
    assert.equal(statusOf(() => assertWorkspaceAccess(p, 'b', READ_ROLES)), 403);
    assert.equal(statusOf(() => assertPlatformAdmin(p)), 403);
  });
});

describe('slugify', () => {
  it('makes URL-safe slugs', () => {
    assert.equal(slugify('ACME Prod!'), 'acme-prod');
    assert.equal(slugify("'; DROP TABLE x; --"), 'drop-table-x');
    assert.equal(slugify('名前'), '');
  });
});
