import { z } from 'zod';
import { httpUrlSchema, nameSchema, slugSchema, uuidSchema } from '../../common/validation';

// Request bodies of the provider endpoints (zod, strict).

export const vendorSchema = z.enum(['openai', 'anthropic', 'azure', 'openai-compatible']);
export type Vendor = z.infer<typeof vendorSchema>;

/** A provider API key in clear; only ever accepted, never answered. */
export const secretSchema = z
  .string()
  .min(8, 'must be at least 8 characters')
  .max(4096, 'must be at most 4096 characters')
  .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces');

const weight = z.number().int('must be an integer').min(0, 'must be between 0 and 1000').max(1000, 'must be between 0 and 1000');
const description = z.string().max(500, 'must be at most 500 characters');
const apiVersionSchema = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'must look like 2024-06-01');
const azureDeploymentSchema = z.string().regex(/^[A-Za-z0-9._-]{1,128}$/, 'must be an Azure deployment name');

export const keyInputSchema = z
  .object({ secret: secretSchema, description: description.default(''), weight: weight.default(1), enabled: z.boolean().default(true) })
  .strict();
export type KeyInput = z.infer<typeof keyInputSchema>;

export const updateKeySchema = z.object({ description, weight, enabled: z.boolean() }).partial().strict();
export const rotateKeySchema = z.object({ secret: secretSchema }).strict();

export const providerModelInputSchema = z
  .object({
    name: slugSchema,
    /** The model name the provider knows (default: name). */
    upstreamName: z.string().min(1).max(256).regex(/^[^\s\u0000-\u001f]+$/, 'must not contain spaces').optional(),
    /** Azure: the deployment serving this model (default: deploymentMap[name], else name). */
    azureDeployment: azureDeploymentSchema.nullable().optional(),
    /** The logical model (Model id of this workspace). */
    modelId: uuidSchema.nullable().optional(),
  })
  .strict();
export type ProviderModelInput = z.infer<typeof providerModelInputSchema>;
export const updateProviderModelSchema = providerModelInputSchema.partial().strict();

const deploymentMapSchema = z
  .record(slugSchema, azureDeploymentSchema)
  .refine((m) => Object.keys(m).length <= 500, 'must have at most 500 entries');

export const createProviderSchema = z
  .object({
    name: nameSchema,
    vendor: vendorSchema,
    /** Includes the version segment, e.g. https://api.openai.com/v1; default per vendor for openai and anthropic. */
    baseUrl: httpUrlSchema.optional(),
    /** Azure api-version (required for azure). */
    apiVersion: apiVersionSchema.nullable().optional(),
    /** Azure: model name -> deployment name. */
    deploymentMap: deploymentMapSchema.default({}),
    priority: z.number().int('must be an integer').min(1).max(1000, 'must be between 1 and 1000').default(1),
    enabled: z.boolean().default(true),
    keys: z.array(keyInputSchema).max(20, 'must have at most 20 keys').default([]),
    models: z.array(providerModelInputSchema).max(500, 'must have at most 500 models').default([]),
  })
  .strict();
export type CreateProviderInput = z.infer<typeof createProviderSchema>;

export const updateProviderSchema = z
  .object({
    name: nameSchema,
    baseUrl: httpUrlSchema,
    apiVersion: apiVersionSchema.nullable(),
    deploymentMap: deploymentMapSchema,
    priority: z.number().int('must be an integer').min(1).max(1000, 'must be between 1 and 1000'),
    enabled: z.boolean(),
    vendor: z.unknown(),
  })
  .partial()
  .strict();

export const discoverSchema = z
  .object({
    /** The key to call with (default: the enabled key with the highest weight). */
    keyId: uuidSchema.optional(),
    /** false = only list what the provider serves. */
    register: z.boolean().default(true),
  })
  .strict();

export const providerListFilters = { vendor: vendorSchema.optional(), enabled: z.enum(['true', 'false']).optional() };

export const DEFAULT_BASE_URLS: Partial<Record<Vendor, string>> = {
  openai: 'https://api.openai.com/v1',
  anthropic: 'https://api.anthropic.com/v1',
};
