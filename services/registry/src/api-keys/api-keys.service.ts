import { Inject, Injectable } from '@nestjs/common';
import type { ApiKey, Prisma } from '@switchyard/registry-store';
import type { z } from 'zod';
import type { Principal } from '../auth/principal';
import { ApiError } from '../common/api.error';
import { conflictOnDuplicate } from '../common/db-errors';
import { containsText, pageOf } from '../common/list-query';
import type { Page } from '../common/validation';
import { REGISTRY_DB, type RegistryDb, type RegistryTx } from '../db/registry-db.provider';
import { ChangeWriter, type ChangeSet } from '../events/change-writer.service';
import { ADMIN_ROLES, assertWorkspaceAccess } from '../tenancy/workspace-access';
import { generateApiKey } from './api-key.format';
import { apiKeySnapshot, apiKeyView, type ApiKeyView, type createApiKeySchema, type updateApiKeySchema } from './api-key.schemas';

export type CreatedApiKey = ApiKeyView & { key: string };

/** Workspace API keys: created (key shown once), edited, revoked. Workspace admins manage them. */
@Injectable()
export class ApiKeysService {
  constructor(
    @Inject(REGISTRY_DB) private readonly db: RegistryDb,
    private readonly changes: ChangeWriter,
  ) {}

  async create(principal: Principal, workspaceId: string, input: z.infer<typeof createApiKeySchema>): Promise<CreatedApiKey> {
    assertWorkspaceAccess(principal, workspaceId, ADMIN_ROLES);
    const fresh = generateApiKey();
    const view = await conflictOnDuplicate(
      () =>
        this.changes.run(principal, async (tx, changes) => {
          await requireWorkspace(tx, workspaceId);
          if (input.userId) {
            const member = await tx.membership.findUnique({ where: { userId_workspaceId: { userId: input.userId, workspaceId } } });
            if (!member) throw ApiError.badRequest('userId: is not a member of this workspace', 'userId');
          }
          const k = await tx.apiKey.create({
            data: {
              workspaceId,
              name: input.name,
              prefix: fresh.prefix,
              keyHash: fresh.hash,
              allowedRoutes: input.allowedRoutes ?? [],
              rpmLimit: input.rpmLimit ?? null,
              tpmLimit: input.tpmLimit ?? null,
              monthlyBudget: input.monthlyBudget ?? null,
              expiresAt: input.expiresAt ? new Date(input.expiresAt) : null,
              userId: input.userId ?? null,
            },
          });
          emitChanged(changes, k, 'created');
          changes.audit({ workspaceId, action: 'api-key.created', entityType: 'api-key', entityId: k.id, after: apiKeyView(k) });
          return apiKeyView(k);
        }),
      'an API key with this name already exists in the workspace',
      'name',
    );
    return { ...view, key: fresh.key };
  }

  async list(
    principal: Principal,
    workspaceId: string,
    query: { limit: number; offset: number; q?: string; status?: 'active' | 'revoked' | 'expired' },
  ): Promise<Page<ApiKeyView>> {
    assertWorkspaceAccess(principal, workspaceId, ADMIN_ROLES);
    await requireWorkspace(this.db, workspaceId);
    const now = new Date();
    const status: Prisma.ApiKeyWhereInput =
      query.status === 'revoked'
        ? { revokedAt: { not: null } }
        : query.status === 'expired'
          ? { revokedAt: null, expiresAt: { lte: now } }
          : query.status === 'active'
            ? { revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] }
            : {};
    const where: Prisma.ApiKeyWhereInput = { workspaceId, ...status, ...(query.q ? { name: containsText(query.q) } : {}) };
    const [rows, total] = await Promise.all([
      this.db.apiKey.findMany({ where, orderBy: { createdAt: 'asc' }, take: query.limit, skip: query.offset }),
      this.db.apiKey.count({ where }),
    ]);
    return pageOf(rows.map((k) => apiKeyView(k, now)), total, query);
  }

  async get(principal: Principal, workspaceId: string, keyId: string): Promise<ApiKeyView> {
    assertWorkspaceAccess(principal, workspaceId, ADMIN_ROLES);
    return apiKeyView(await requireKey(this.db, workspaceId, keyId));
  }

  async update(principal: Principal, workspaceId: string, keyId: string, input: z.infer<typeof updateApiKeySchema>): Promise<ApiKeyView> {
    assertWorkspaceAccess(principal, workspaceId, ADMIN_ROLES);
    return conflictOnDuplicate(
      () =>
        this.changes.run(principal, async (tx, changes) => {
          const before = await requireKey(tx, workspaceId, keyId);
          if (before.revokedAt) throw ApiError.unprocessable('a revoked key cannot be changed');
          const k = await tx.apiKey.update({
            where: { id: keyId },
            data: {
              ...(input.name !== undefined ? { name: input.name } : {}),
              ...(input.allowedRoutes !== undefined ? { allowedRoutes: input.allowedRoutes } : {}),
              ...(input.rpmLimit !== undefined ? { rpmLimit: input.rpmLimit } : {}),
              ...(input.tpmLimit !== undefined ? { tpmLimit: input.tpmLimit } : {}),
              ...(input.monthlyBudget !== undefined ? { monthlyBudget: input.monthlyBudget } : {}),
              ...(input.expiresAt !== undefined ? { expiresAt: input.expiresAt ? new Date(input.expiresAt) : null } : {}),
              version: { increment: 1 },
            },
          });
          emitChanged(changes, k, 'updated');
          changes.audit({ workspaceId, action: 'api-key.updated', entityType: 'api-key', entityId: k.id, before: apiKeyView(before), after: apiKeyView(k) });
          return apiKeyView(k);
        }),
      'an API key with this name already exists in the workspace',
      'name',
    );
  }

  /** Revokes at once (the gateway drops it on ApiKeyRevoked). Revoking a revoked key changes nothing. */
  async revoke(principal: Principal, workspaceId: string, keyId: string, reason: string): Promise<ApiKeyView> {
    assertWorkspaceAccess(principal, workspaceId, ADMIN_ROLES);
    return this.changes.run(principal, async (tx, changes) => {
      const before = await requireKey(tx, workspaceId, keyId);
      if (before.revokedAt) return apiKeyView(before);
      const k = await tx.apiKey.update({ where: { id: keyId }, data: { revokedAt: new Date(), version: { increment: 1 } } });
      emitRevoked(changes, k, reason);
      changes.audit({ workspaceId, action: 'api-key.revoked', entityType: 'api-key', entityId: k.id, before: apiKeyView(before), after: { ...apiKeyView(k), reason } });
      return apiKeyView(k);
    });
  }

  async remove(principal: Principal, workspaceId: string, keyId: string): Promise<void> {
    assertWorkspaceAccess(principal, workspaceId, ADMIN_ROLES);
    await this.changes.run(principal, async (tx, changes) => {
      const before = await requireKey(tx, workspaceId, keyId);
      await tx.apiKey.delete({ where: { id: keyId } });
      const gone = { ...before, version: before.version + 1 };
      if (!before.revokedAt) emitRevoked(changes, gone, 'deleted');
      changes.emit('ApiKeyChanged', { apiKeyId: keyId, change: 'deleted', apiKey: null }, { workspaceId, aggregateId: keyId, aggregateVersion: gone.version + (before.revokedAt ? 0 : 1) });
      changes.audit({ workspaceId, action: 'api-key.deleted', entityType: 'api-key', entityId: keyId, before: apiKeyView(before) });
    });
  }
}

function emitChanged(changes: ChangeSet, k: ApiKey, change: 'created' | 'updated'): void {
  changes.emit('ApiKeyChanged', { apiKeyId: k.id, change, apiKey: apiKeySnapshot(k) }, { workspaceId: k.workspaceId, aggregateId: k.id, aggregateVersion: k.version });
}

export function emitRevoked(changes: ChangeSet, k: ApiKey, reason: string): void {
  changes.emit(
    'ApiKeyRevoked',
    { apiKeyId: k.id, workspaceId: k.workspaceId, hash: k.keyHash, prefix: k.prefix, reason },
    { workspaceId: k.workspaceId, aggregateId: k.id, aggregateVersion: k.version },
  );
}

/** Revokes the member's keys in this workspace (inside the caller's transaction): a removed member's keys die with the membership. */
export async function revokeKeysOfMember(tx: RegistryTx, changes: ChangeSet, workspaceId: string, userId: string): Promise<number> {
  const keys = await tx.apiKey.findMany({ where: { workspaceId, userId, revokedAt: null } });
  for (const key of keys) {
    const k = await tx.apiKey.update({ where: { id: key.id }, data: { revokedAt: new Date(), version: { increment: 1 } } });
    emitRevoked(changes, k, 'member removed from the workspace');
    changes.audit({ workspaceId, action: 'api-key.revoked', entityType: 'api-key', entityId: k.id, before: apiKeyView(key), after: { ...apiKeyView(k), reason: 'member removed' } });
  }
  return keys.length;
}

async function requireWorkspace(tx: Pick<RegistryTx, 'workspace'>, workspaceId: string): Promise<void> {
  const found = await tx.workspace.findUnique({ where: { id: workspaceId }, select: { id: true } });
  if (!found) throw ApiError.notFound('workspace');
}

/** The key if it belongs to the workspace; 404 otherwise (another tenant's key does not exist for you). */
async function requireKey(tx: Pick<RegistryTx, 'apiKey'>, workspaceId: string, keyId: string): Promise<ApiKey> {
  const k = await tx.apiKey.findUnique({ where: { id: keyId } });
  if (!k || k.workspaceId !== workspaceId) throw ApiError.notFound('api key');
  return k;
}
