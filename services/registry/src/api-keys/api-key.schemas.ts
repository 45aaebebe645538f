import { z } from 'zod';
import type { ApiKey } from '@switchyard/registry-store';
import type { ApiKeySnapshot } from '@switchyard/contracts';
import { decimalSchema, nameSchema, uuidSchema } from '../common/validation';
import { apiKeyStatus } from './api-key.format';

const routeNames = z.array(z.string().min(1).max(128)).max(100, 'must list at most 100 routes');
const limit = z.number().int('must be an integer').positive('must be > 0').max(1_000_000_000).nullable();
const futureDate = z
  .string()
  .datetime({ offset: true, message: 'must be an ISO 8601 date-time' })
  .refine((v) => new Date(v).getTime() > Date.now(), 'must be in the future')
  .nullable();

export const createApiKeySchema = z
  .object({
    name: nameSchema,
    /** Route names the key may call; empty = every route of the workspace. */
    allowedRoutes: routeNames.optional(),
    rpmLimit: limit.optional(),
    tpmLimit: limit.optional(),
    monthlyBudget: decimalSchema.nullable().optional(),
    expiresAt: futureDate.optional(),
    /** The member the key belongs to (optional). */
    userId: uuidSchema.nullable().optional(),
  })
  .strict();

export const updateApiKeySchema = z
  .object({
    name: nameSchema.optional(),
    allowedRoutes: routeNames.optional(),
    rpmLimit: limit.optional(),
    tpmLimit: limit.optional(),
    monthlyBudget: decimalSchema.nullable().optional(),
    expiresAt: futureDate.optional(),
  })
  .strict();

export const revokeApiKeySchema = z.object({ reason: z.string().max(500).optional() }).strict();

export interface ApiKeyView {
  id: string;
  workspaceId: string;
  name: string;
  prefix: string;
  allowedRoutes: string[];
  rpmLimit: number | null;
  tpmLimit: number | null;
  monthlyBudget: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
  status: 'active' | 'revoked' | 'expired';
  userId: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** What the API shows of a key: never the key, never its hash. */
export function apiKeyView(k: ApiKey, now = new Date()): ApiKeyView {
  return {
    id: k.id,
    workspaceId: k.workspaceId,
    name: k.name,
    prefix: k.prefix,
    allowedRoutes: k.allowedRoutes,
    rpmLimit: k.rpmLimit,
    tpmLimit: k.tpmLimit,
    monthlyBudget: k.monthlyBudget === null ? null : k.monthlyBudget.toString(),
    expiresAt: k.expiresAt?.toISOString() ?? null,
    revokedAt: k.revokedAt?.toISOString() ?? null,
    status: apiKeyStatus(k, now),
    userId: k.userId,
    version: k.version,
    createdAt: k.createdAt.toISOString(),
    updatedAt: k.updatedAt.toISOString(),
  };
}

/** What the gateway needs (events and snapshot): the hash, never the key. */
export function apiKeySnapshot(k: ApiKey): ApiKeySnapshot {
  return {
    id: k.id,
    workspaceId: k.workspaceId,
    userId: k.userId,
    name: k.name,
    prefix: k.prefix,
    hash: k.keyHash,
    allowedRoutes: k.allowedRoutes,
    rpmLimit: k.rpmLimit,
    tpmLimit: k.tpmLimit,
    monthlyBudget: k.monthlyBudget === null ? null : k.monthlyBudget.toString(),
    expiresAt: k.expiresAt?.toISOString() ?? null,
    revoked: k.revokedAt !== null,
  };
}
