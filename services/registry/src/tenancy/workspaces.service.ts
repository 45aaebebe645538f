import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Prisma } from '@switchyard/registry-store';
import type { z } from 'zod';
import type { Principal } from '../auth/principal';
import { ApiError } from '../common/api.error';
import { conflictOnDuplicate } from '../common/db-errors';
import { containsText, pageOf } from '../common/list-query';
import type { Page } from '../common/validation';
import { REGISTRY_DB, type RegistryDb } from '../db/registry-db.provider';
import { ChangeWriter } from '../events/change-writer.service';
import { ANY_ROLE, ADMIN_ROLES, assertPlatformAdmin, assertWorkspaceAccess } from './workspace-access';
import {
  slugify,
  workspaceSnapshot,
  workspaceView,
  type createWorkspaceSchema,
  type updateWorkspaceSchema,
  type WorkspaceView,
} from './workspace.schemas';

@Injectable()
export class WorkspacesService {
  constructor(
    @Inject(REGISTRY_DB) private readonly db: RegistryDb,
    private readonly changes: ChangeWriter,
  ) {}

  async create(principal: Principal, input: z.infer<typeof createWorkspaceSchema>): Promise<WorkspaceView> {
    assertPlatformAdmin(principal);
    const slug = input.slug ?? (slugify(input.name) || `ws-${randomBytes(4).toString('hex')}`);
    return conflictOnDuplicate(
      () =>
        this.changes.run(principal, async (tx, changes) => {
          const w = await tx.workspace.create({
            data: {
              name: input.name,
              slug,
              description: input.description ?? '',
              monthlyBudget: input.monthlyBudget ?? null,
              currency: input.currency ?? 'USD',
              budgetAlertPercents: input.budgetAlertPercents ?? [],
            },
          });
          changes.emit('WorkspaceChanged', { workspaceId: w.id, change: 'created', workspace: workspaceSnapshot(w) }, { workspaceId: w.id, aggregateId: w.id, aggregateVersion: w.version });
          changes.audit({ workspaceId: w.id, action: 'workspace.created', entityType: 'workspace', entityId: w.id, after: workspaceView(w) });
          return workspaceView(w);
        }),
      'a workspace with this name or slug already exists',
      'name',
    );
  }

  async list(principal: Principal, query: { limit: number; offset: number; q?: string }): Promise<Page<WorkspaceView>> {
    const where: Prisma.WorkspaceWhereInput = {
      ...(principal.platformAdmin ? {} : { id: { in: [...principal.memberships.keys()] } }),
      ...(query.q ? { name: containsText(query.q) } : {}),
    };
    const [rows, total] = await Promise.all([
      this.db.workspace.findMany({ where, orderBy: { createdAt: 'asc' }, take: query.limit, skip: query.offset }),
      this.db.workspace.count({ where }),
    ]);
    return pageOf(rows.map(workspaceView), total, query);
  }

  async get(principal: Principal, workspaceId: string): Promise<WorkspaceView> {
    assertWorkspaceAccess(principal, workspaceId, ANY_ROLE);
    const w = await this.db.workspace.findUnique({ where: { id: workspaceId } });
    if (!w) throw ApiError.notFound('workspace');
    return workspaceView(w);
  }

  async update(principal: Principal, workspaceId: string, input: z.infer<typeof updateWorkspaceSchema>): Promise<WorkspaceView> {
    assertWorkspaceAccess(principal, workspaceId, ADMIN_ROLES);
    if (input.disabled !== undefined && !principal.platformAdmin) {
      throw ApiError.forbidden('only a platform admin may disable or enable a workspace');
    }
    return conflictOnDuplicate(
      () =>
        this.changes.run(principal, async (tx, changes) => {
          const before = await tx.workspace.findUnique({ where: { id: workspaceId } });
          if (!before) throw ApiError.notFound('workspace');
          const w = await tx.workspace.update({
            where: { id: workspaceId },
            data: {
              ...(input.name !== undefined ? { name: input.name } : {}),
              ...(input.description !== undefined ? { description: input.description } : {}),
              ...(input.monthlyBudget !== undefined ? { monthlyBudget: input.monthlyBudget } : {}),
              ...(input.currency !== undefined ? { currency: input.currency } : {}),
              ...(input.budgetAlertPercents !== undefined ? { budgetAlertPercents: input.budgetAlertPercents } : {}),
              ...(input.disabled !== undefined ? { disabled: input.disabled } : {}),
              version: { increment: 1 },
            },
          });
          changes.emit('WorkspaceChanged', { workspaceId: w.id, change: 'updated', workspace: workspaceSnapshot(w) }, { workspaceId: w.id, aggregateId: w.id, aggregateVersion: w.version });
          changes.audit({ workspaceId: w.id, action: 'workspace.updated', entityType: 'workspace', entityId: w.id, before: workspaceView(before), after: workspaceView(w) });
          return workspaceView(w);
        }),
      'a workspace with this name already exists',
      'name',
    );
  }

  async remove(principal: Principal, workspaceId: string): Promise<void> {
    assertPlatformAdmin(principal);
    await this.changes.run(principal, async (tx, changes) => {
      const before = await tx.workspace.findUnique({ where: { id: workspaceId } });
      if (!before) throw ApiError.notFound('workspace');
      await tx.workspace.delete({ where: { id: workspaceId } });
      changes.emit('WorkspaceChanged', { workspaceId, change: 'deleted', workspace: null }, { workspaceId, aggregateId: workspaceId, aggregateVersion: before.version + 1 });
      changes.audit({ workspaceId, action: 'workspace.deleted', entityType: 'workspace', entityId: workspaceId, before: workspaceView(before) });
    });
  }
}
