import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Prisma } from '@switchyard/registry-store';
import { z } from 'zod';
import { CurrentPrincipal } from '../auth/auth.decorators';
import { ApiError } from '../common/api.error';
import type { Principal } from '../auth/principal';
import { ApiErrors, ApiListQuery, ApiOutput, pageExample } from '../common/api-docs';
import { pageOf, parseListQuery } from '../common/list-query';
import { uuidSchema, type Page } from '../common/validation';
import { REGISTRY_DB, type RegistryDb } from '../db/registry-db.provider';
import { redactForAudit } from '../events/audit-redaction';
import { ADMIN_ROLES, assertWorkspaceAccess } from '../tenancy/workspace-access';

export interface AuditView {
  id: string;
  workspaceId: string | null;
  actorId: string | null;
  actorEmail: string | null;
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
  createdAt: string;
}

const filters = {
  workspaceId: uuidSchema.optional(),
  entityType: z.string().max(64).optional(),
  entityId: z.string().max(128).optional(),
  action: z.string().max(64).optional(),
  actorId: uuidSchema.optional(),
  since: z.string().datetime({ offset: true, message: 'must be an ISO 8601 date-time' }).optional(),
  until: z.string().datetime({ offset: true, message: 'must be an ISO 8601 date-time' }).optional(),
};

const example: AuditView = {
  id: '42',
  workspaceId: '5d1e8a52-3c0f-4b1e-9a55-0c7f1b2d3e4f',
  actorId: '0b6f7c1e-1f43-4c36-9d7a-2f1d7c9b8a10',
  actorEmail: 'ana@example.com',
  action: 'api-key.revoked',
  entityType: 'api-key',
  entityId: '9a3c1f0e-6a7b-4c2d-8e9f-0a1b2c3d4e5f',
  before: { status: 'active' },
  after: { status: 'revoked', reason: 'leaked in a log' },
  createdAt: '2026-11-23T13:00:00.000Z',
};

/** The audit log, newest first. Secrets were redacted when written (and are again when read). */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/v1/audit')
export class AuditController {
  constructor(@Inject(REGISTRY_DB) private readonly db: RegistryDb) {}

  @Get()
  @ApiOperation({
    summary: 'Read the audit log',
    description: 'Platform admins read every entry; workspace admins read the entries of the workspaces they administer (filter with workspaceId).',
  })
  @ApiListQuery({
    workspaceId: 'only this workspace',
    entityType: 'e.g. api-key, deployment, provider',
    entityId: 'one object',
    action: 'e.g. api-key.revoked',
    actorId: 'who did it',
    since: 'ISO date-time, inclusive',
    until: 'ISO date-time, exclusive',
  })
  @ApiOutput(200, 'a page of entries', pageExample(example))
  @ApiErrors(400, 401, 403, 404)
  async list(@CurrentPrincipal() p: Principal, @Query() query: unknown): Promise<Page<AuditView>> {
    const q = parseListQuery(filters, query);
    let scope: Prisma.AuditLogWhereInput;
    if (q.workspaceId) {
      assertWorkspaceAccess(p, q.workspaceId, ADMIN_ROLES);
      scope = { workspaceId: q.workspaceId };
    } else if (p.platformAdmin) {
      scope = {};
    } else {
      const administered = [...p.memberships].filter(([, role]) => ADMIN_ROLES.includes(role)).map(([id]) => id);
      if (administered.length === 0) throw ApiError.forbidden('only workspace admins read the audit log');
      scope = { workspaceId: { in: administered } };
    }
    const where: Prisma.AuditLogWhereInput = {
      ...scope,
      ...(q.entityType ? { entityType: q.entityType } : {}),
      ...(q.entityId ? { entityId: q.entityId } : {}),
      ...(q.action ? { action: q.action } : {}),
      ...(q.actorId ? { actorId: q.actorId } : {}),
      ...(q.since || q.until
        ? { createdAt: { ...(q.since ? { gte: new Date(q.since) } : {}), ...(q.until ? { lt: new Date(q.until) } : {}) } }
        : {}),
      ...(q.q ? { OR: [{ action: { contains: q.q, mode: 'insensitive' } }, { entityType: { contains: q.q, mode: 'insensitive' } }] } : {}),
    };
    const [rows, total] = await Promise.all([
      this.db.auditLog.findMany({ where, orderBy: { id: 'desc' }, take: q.limit, skip: q.offset }),
      this.db.auditLog.count({ where }),
    ]);
    const actorIds = [...new Set(rows.map((r) => r.actorId).filter((id): id is string => id !== null))];
    const actors = actorIds.length
      ? await this.db.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, email: true } })
      : [];
    const emailOf = new Map(actors.map((a) => [a.id, a.email]));
    return pageOf(
      rows.map((r) => ({
        id: r.id.toString(),
        workspaceId: r.workspaceId,
        actorId: r.actorId,
        actorEmail: r.actorId ? (emailOf.get(r.actorId) ?? null) : null,
        action: r.action,
        entityType: r.entityType,
        entityId: r.entityId,
        before: redactForAudit(r.before),
        after: redactForAudit(r.after),
        createdAt: r.createdAt.toISOString(),
      })),
      total,
      q,
    );
  }
}
