import { z } from 'zod';
import { slugSchema, uuidSchema } from '../../common/validation';

// Request bodies of the route endpoints (zod, strict).

const weight = z.number().int('must be an integer').min(0, 'must be between 0 and 1000000').max(1_000_000, 'must be between 0 and 1000000');
const priority = z.number().int('must be an integer').min(0, 'must be between 0 and 1000').max(1000, 'must be between 0 and 1000');

const deploymentTarget = z
  .object({ kind: z.literal('deployment'), deploymentId: uuidSchema, weight: weight.default(100), priority: priority.nullable().default(null) })
  .strict();
const providerModelTarget = z
  .object({
    kind: z.literal('provider-model'),
    providerModelId: uuidSchema,
    /** Optional: filled in from the provider model; when given it must match. */
    providerId: uuidSchema.optional(),
    weight: weight.default(100),
    priority: priority.nullable().default(null),
  })
  .strict();
export const targetSchema = z.discriminatedUnion('kind', [deploymentTarget, providerModelTarget]);

/** The fallback target has no weight by design (it is exclusive of the traffic split). */
export const fallbackSchema = z.discriminatedUnion('kind', [deploymentTarget.omit({ weight: true }), providerModelTarget.omit({ weight: true })]);

export const targetsSchema = z.array(targetSchema).min(1, 'must have at least one target').max(50, 'must have at most 50 targets');

export const accessSchema = z
  .object({
    allowedKeyIds: z.array(uuidSchema).max(500, 'must have at most 500 keys').default([]),
    allowedWorkspaceIds: z.array(uuidSchema).max(500, 'must have at most 500 workspaces').default([]),
  })
  .strict();

export const overflowSchema = z
  .object({
    enabled: z.boolean().default(false),
    maxShare: z.number().min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1'),
    queueDepthThreshold: z.number().positive('must be > 0').max(100_000).nullable().default(null),
  })
  .strict();

export const createRouteSchema = z
  .object({
    name: slugSchema,
    description: z.string().max(4000, 'must be at most 4000 characters').default(''),
    targets: targetsSchema,
    fallback: fallbackSchema.nullable().default(null),
    access: accessSchema.default({}),
    overflow: overflowSchema.nullable().default(null),
    enabled: z.boolean().default(true),
  })
  .strict();
export type CreateRouteInput = z.infer<typeof createRouteSchema>;

export const updateRouteSchema = createRouteSchema
  .extend({ access: accessSchema.partial().strict() })
  .partial()
  .strict();
export type UpdateRouteInput = z.infer<typeof updateRouteSchema>;

export const retargetSchema = z
  .object({
    targets: targetsSchema,
    /** Omitted = keep the current fallback; null = remove it. */
    fallback: fallbackSchema.nullable().optional(),
  })
  .strict();

export const routeListFilters = {
  enabled: z.enum(['true', 'false']).optional(),
  deploymentId: uuidSchema.optional(),
  providerModelId: uuidSchema.optional(),
};

export type TargetInput = z.infer<typeof targetSchema>;
export type FallbackInput = z.infer<typeof fallbackSchema>;
