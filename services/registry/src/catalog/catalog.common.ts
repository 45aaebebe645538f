import { Prisma } from '@switchyard/registry-store';
import type { z } from 'zod';
import { ApiError } from '../common/api.error';
import { listQuerySchema, parseInput, pathId, type Page } from '../common/validation';
import type { RegistryTx } from '../db/registry-db.provider';

// Small helpers shared by the catalog's services: database error mapping, paging, workspace checks.

/** Prisma's unique-constraint violation (P2002). */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}

/** A foreign-key violation (P2003) or a missing related row (P2025). */
export function isMissingReference(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && (error.code === 'P2003' || error.code === 'P2025');
}

/** Runs a write; a unique violation becomes 409 with the given message. */
export async function conflictOnDuplicate<T>(work: () => Promise<T>, message: string, field = 'name'): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isUniqueViolation(error)) throw ApiError.conflict(message, field);
    throw error;
  }
}

export function workspaceParam(value: string): string {
  return pathId(value, 'workspace');
}

/** Throws 404 unless the workspace exists (platform admins may address any id). */
export async function assertWorkspaceExists(tx: Pick<RegistryTx, 'workspace'>, workspaceId: string): Promise<void> {
  const found = await tx.workspace.findUnique({ where: { id: workspaceId }, select: { id: true } });
  if (!found) throw ApiError.notFound('workspace');
}

/** Parses `?limit&offset&q` plus the given filters; unknown query parameters are 400. */
export function parseListQuery<S extends z.ZodRawShape>(filters: S, query: unknown) {
  return parseInput(listQuerySchema.extend(filters).strict(), query ?? {}, 'query');
}

export function pageOf<T>(items: T[], total: number, query: { limit: number; offset: number }): Page<T> {
  return { items, total, limit: query.limit, offset: query.offset };
}

/** A JSON column value for Prisma (null becomes SQL NULL). */
export function jsonOrNull(value: unknown): Prisma.InputJsonValue | typeof Prisma.DbNull {
  return value === null || value === undefined ? Prisma.DbNull : (value as Prisma.InputJsonValue);
}

export function json(value: unknown): Prisma.InputJsonValue {
  return value as Prisma.InputJsonValue;
}

/** Case-insensitive substring filter on a column, when `q` is given. */
export function containsFilter(q: string | undefined): { contains: string; mode: 'insensitive' } | undefined {
  return q ? { contains: q, mode: 'insensitive' } : undefined;
}
