import { Inject, Injectable } from '@nestjs/common';
import { revokeKeysOfMember } from '../api-keys/api-keys.service';
import type { Prisma } from '@switchyard/registry-store';
import type { z } from 'zod';
import { hashPassword } from '../auth/password.hasher';
import type { Principal, Role } from '../auth/principal';
import { ApiError } from '../common/api.error';
import { conflictOnDuplicate } from '../common/db-errors';
import { containsText, pageOf } from '../common/list-query';
import type { Page } from '../common/validation';
import { REGISTRY_DB, type RegistryDb, type RegistryTx } from '../db/registry-db.provider';
import { ChangeWriter } from '../events/change-writer.service';
import { ADMIN_ROLES, assertWorkspaceAccess } from './workspace-access';
import type { addMemberSchema } from './workspace.schemas';

export interface MemberView {
  userId: string;
  email: string;
  name: string;
  role: Role | string;
  createdAt: string;
}

type MembershipWithUser = Prisma.MembershipGetPayload<{ include: { user: true } }>;

function memberView(m: MembershipWithUser): MemberView {
  return { userId: m.userId, email: m.user.email, name: m.user.name, role: m.role, createdAt: m.createdAt.toISOString() };
}

/** Workspace members and their roles; workspace admins (and platform admins) manage them. */
@Injectable()
export class MembersService {
  constructor(
    @Inject(REGISTRY_DB) private readonly db: RegistryDb,
    private readonly changes: ChangeWriter,
  ) {}

  async list(principal: Principal, workspaceId: string, query: { limit: number; offset: number; q?: string; role?: string }): Promise<Page<MemberView>> {
    assertWorkspaceAccess(principal, workspaceId, ADMIN_ROLES);
    await this.requireWorkspace(this.db, workspaceId);
    const where: Prisma.MembershipWhereInput = {
      workspaceId,
      ...(query.role ? { role: query.role } : {}),
      ...(query.q ? { user: { email: containsText(query.q) } } : {}),
    };
    const [rows, total] = await Promise.all([
      this.db.membership.findMany({ where, include: { user: true }, orderBy: { createdAt: 'asc' }, take: query.limit, skip: query.offset }),
      this.db.membership.count({ where }),
    ]);
    return pageOf(rows.map(memberView), total, query);
  }

  async add(principal: Principal, workspaceId: string, input: z.infer<typeof addMemberSchema>): Promise<MemberView> {
    assertWorkspaceAccess(principal, workspaceId, ADMIN_ROLES);
    const email = input.email.toLowerCase();
    const passwordHash = input.password ? await hashPassword(input.password) : null;
    return conflictOnDuplicate(
      () =>
        this.changes.run(principal, async (tx, changes) => {
          await this.requireWorkspace(tx, workspaceId);
          let user = await tx.user.findUnique({ where: { email } });
          if (!user) {
            if (!passwordHash) throw ApiError.badRequest('password: is required to create a new user', 'password');
            user = await tx.user.create({ data: { email, name: input.name ?? '', passwordHash } });
            changes.audit({ workspaceId, action: 'user.created', entityType: 'user', entityId: user.id, after: { email, name: user.name } });
          }
          const m = await tx.membership.create({ data: { userId: user.id, workspaceId, role: input.role }, include: { user: true } });
          changes.audit({ workspaceId, action: 'member.added', entityType: 'membership', entityId: user.id, after: { email, role: input.role } });
          return memberView(m);
        }),
      'this user is already a member of the workspace',
      'email',
    );
  }

  async updateRole(principal: Principal, workspaceId: string, userId: string, role: Role): Promise<MemberView> {
    assertWorkspaceAccess(principal, workspaceId, ADMIN_ROLES);
    return this.changes.run(principal, async (tx, changes) => {
      const before = await this.requireMember(tx, workspaceId, userId);
      if (before.role === 'admin' && role !== 'admin') await this.assertNotLastAdmin(tx, workspaceId);
      const m = await tx.membership.update({ where: { userId_workspaceId: { userId, workspaceId } }, data: { role }, include: { user: true } });
      changes.audit({ workspaceId, action: 'member.role-changed', entityType: 'membership', entityId: userId, before: { role: before.role }, after: { role } });
      return memberView(m);
    });
  }

  async remove(principal: Principal, workspaceId: string, userId: string): Promise<void> {
    assertWorkspaceAccess(principal, workspaceId, ADMIN_ROLES);
    await this.changes.run(principal, async (tx, changes) => {
      const before = await this.requireMember(tx, workspaceId, userId);
      if (before.role === 'admin') await this.assertNotLastAdmin(tx, workspaceId);
      await tx.membership.delete({ where: { userId_workspaceId: { userId, workspaceId } } });
      await revokeKeysOfMember(tx, changes, workspaceId, userId);
      changes.audit({ workspaceId, action: 'member.removed', entityType: 'membership', entityId: userId, before: { email: before.user.email, role: before.role } });
    });
  }

  private async requireWorkspace(tx: Pick<RegistryTx, 'workspace'>, workspaceId: string): Promise<void> {
    const found = await tx.workspace.findUnique({ where: { id: workspaceId }, select: { id: true } });
    if (!found) throw ApiError.notFound('workspace');
  }

  private async requireMember(tx: RegistryTx, workspaceId: string, userId: string): Promise<MembershipWithUser> {
    await this.requireWorkspace(tx, workspaceId);
    const m = await tx.membership.findUnique({ where: { userId_workspaceId: { userId, workspaceId } }, include: { user: true } });
    if (!m) throw ApiError.notFound('member');
    return m;
  }

  private async assertNotLastAdmin(tx: RegistryTx, workspaceId: string): Promise<void> {
    const admins = await tx.membership.count({ where: { workspaceId, role: 'admin' } });
    if (admins <= 1) throw ApiError.conflict('a workspace keeps at least one admin', 'role');
  }
}
