import { z } from 'zod';
import type { Workspace } from '@switchyard/registry-store';
import type { WorkspaceSnapshot } from '@switchyard/contracts';
import { decimalSchema, nameSchema } from '../common/validation';
import { ROLES } from '../auth/principal';

export const workspaceSlugSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be lower-case letters, digits and "-", at most 63 characters');

const currencySchema = z.string().regex(/^[A-Z]{3}$/, 'must be a 3-letter ISO currency code');
const alertPercentsSchema = z.array(z.number().int('must be an integer').min(1).max(1000)).max(10);

export const createWorkspaceSchema = z
  .object({
    name: nameSchema,
    slug: workspaceSlugSchema.optional(),
    description: z.string().max(2000).optional(),
    monthlyBudget: decimalSchema.nullable().optional(),
    currency: currencySchema.optional(),
    budgetAlertPercents: alertPercentsSchema.optional(),
  })
  .strict();

export const updateWorkspaceSchema = z
  .object({
    name: nameSchema.optional(),
    description: z.string().max(2000).optional(),
    monthlyBudget: decimalSchema.nullable().optional(),
    currency: currencySchema.optional(),
    budgetAlertPercents: alertPercentsSchema.optional(),
    /** Platform admins only. */
    disabled: z.boolean().optional(),
  })
  .strict();

export const addMemberSchema = z
  .object({
    email: z.string().email('must be an e-mail address').max(254),
    role: z.enum(ROLES as ['admin', 'member', 'finance']),
    /** Creates the user when no user has this e-mail. */
    name: z.string().max(128).optional(),
    password: z.string().min(8, 'must be at least 8 characters').max(1024).optional(),
  })
  .strict();

export const updateMemberSchema = z.object({ role: z.enum(ROLES as ['admin', 'member', 'finance']) }).strict();

/** A URL-safe slug from a name ("ACME Prod!" -> "acme-prod"). Pure. */
export function slugify(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48);
}

export interface WorkspaceView {
  id: string;
  name: string;
  slug: string;
  description: string;
  disabled: boolean;
  monthlyBudget: string | null;
  currency: string;
  budgetAlertPercents: number[];
  version: number;
  createdAt: string;
  updatedAt: string;
}

export function workspaceView(w: Workspace): WorkspaceView {
  return {
    id: w.id,
    name: w.name,
    slug: w.slug,
    description: w.description,
    disabled: w.disabled,
    monthlyBudget: w.monthlyBudget === null ? null : w.monthlyBudget.toString(),
    currency: w.currency,
    budgetAlertPercents: w.budgetAlertPercents,
    version: w.version,
    createdAt: w.createdAt.toISOString(),
    updatedAt: w.updatedAt.toISOString(),
  };
}

export function workspaceSnapshot(w: Workspace): WorkspaceSnapshot {
  return {
    id: w.id,
    name: w.name,
    slug: w.slug,
    disabled: w.disabled,
    monthlyBudget: w.monthlyBudget === null ? null : w.monthlyBudget.toString(),
    currency: w.currency,
    budgetAlertPercents: w.budgetAlertPercents,
  };
}
