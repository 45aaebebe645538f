import { z } from 'zod';
import { ApiError } from '../../common/api.error';
import { decimalSchema, decimalStringSchema, uuidSchema } from '../../common/validation';

// Prices, pure: the request body, "exactly one subject", the rates it stores, and which row is in effect at a time.

export const createPriceSchema = z
  .object({
    modelId: uuidSchema.optional(),
    providerModelId: uuidSchema.optional(),
    deploymentId: uuidSchema.optional(),
    /** Per million tokens, as a decimal string (numbers are accepted and kept as written). Required unless gpuHour. */
    inputPerMTok: decimalSchema.optional(),
    /** Default: the input price. */
    cachedInputPerMTok: decimalSchema.optional(),
    /** Required unless gpuHour. */
    outputPerMTok: decimalSchema.optional(),
    /** Deployments only: cost per GPU-hour, a decimal string (a JSON number is refused). */
    gpuHour: decimalStringSchema.optional(),
    currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD').default('USD'),
    /** ISO time; default now. */
    effectiveFrom: z.string().datetime({ offset: true, message: 'must be an ISO 8601 time, e.g. 2026-01-01T00:00:00Z' }).optional(),
  })
  .strict();
export type CreatePriceInput = z.infer<typeof createPriceSchema>;

export type PriceSubject = { field: 'modelId' | 'providerModelId' | 'deploymentId'; id: string };

/** Exactly one of modelId, providerModelId, deploymentId (400 otherwise). */
export function priceSubject(input: Pick<CreatePriceInput, 'modelId' | 'providerModelId' | 'deploymentId'>): PriceSubject {
  const set = (['modelId', 'providerModelId', 'deploymentId'] as const).filter((f) => input[f] !== undefined);
  if (set.length !== 1) {
    throw ApiError.badRequest('modelId: set exactly one of modelId, providerModelId or deploymentId', set[1] ?? 'modelId');
  }
  return { field: set[0], id: input[set[0]] as string };
}

/** What a price row stores besides its subject, currency and time. */
export interface PriceRates {
  inputPerMTok: string;
  cachedInputPerMTok: string;
  outputPerMTok: string;
  gpuHour: string | null;
}

/**
 * The rates of a new price (400 naming the field otherwise): gpuHour only for a deployment; without gpuHour the
 * input and output token prices are required, with it they default to "0". The cached input price defaults to the
 * input price.
 */
export function priceRates(input: Pick<CreatePriceInput, 'inputPerMTok' | 'cachedInputPerMTok' | 'outputPerMTok' | 'gpuHour'>, subject: PriceSubject): PriceRates {
  const gpuHour = input.gpuHour ?? null;
  if (gpuHour !== null && subject.field !== 'deploymentId') {
    throw ApiError.badRequest(`gpuHour: only a deployment's price may have a GPU-hour cost (set deploymentId, not ${subject.field})`, 'gpuHour');
  }
  if (gpuHour === null) {
    for (const field of ['inputPerMTok', 'outputPerMTok'] as const) {
      if (input[field] === undefined) throw ApiError.badRequest(`${field}: is required (unless gpuHour is set)`, field);
    }
  }
  const inputPerMTok = input.inputPerMTok ?? '0';
  return { inputPerMTok, cachedInputPerMTok: input.cachedInputPerMTok ?? inputPerMTok, outputPerMTok: input.outputPerMTok ?? '0', gpuHour };
}

/** The price in effect at `at`: the latest effectiveFrom <= at (ties: the latest created). Null when none yet. */
export function priceInEffect<P extends { effectiveFrom: Date; createdAt: Date }>(prices: readonly P[], at: Date): P | null {
  let best: P | null = null;
  for (const p of prices) {
    if (p.effectiveFrom.getTime() > at.getTime()) continue;
    if (
      !best ||
      p.effectiveFrom.getTime() > best.effectiveFrom.getTime() ||
      (p.effectiveFrom.getTime() === best.effectiveFrom.getTime() && p.createdAt.getTime() > best.createdAt.getTime())
    ) {
      best = p;
    }
  }
  return best;
}

export const priceListFilters = {
  modelId: uuidSchema.optional(),
  providerModelId: uuidSchema.optional(),
  deploymentId: uuidSchema.optional(),
  currency: z.string().max(8).optional(),
};

export const effectivePriceQuery = z
  .object({
    modelId: uuidSchema.optional(),
    providerModelId: uuidSchema.optional(),
    deploymentId: uuidSchema.optional(),
    at: z.string().datetime({ offset: true, message: 'must be an ISO 8601 time' }).optional(),
  })
  .strict();
