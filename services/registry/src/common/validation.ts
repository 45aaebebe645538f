import { z, type ZodTypeAny } from 'zod';
import { ApiError } from './api.error';

/** Turns the first zod issue into a 400 that names the field and the rule. Pure. */
export function issueToError(issue: z.ZodIssue): ApiError {
  const path = issue.path.join('.');
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0];
    const field = path ? `${path}.${key}` : key;
    return ApiError.badRequest(`${field}: unknown field`, field);
  }
  if (issue.code === 'invalid_type' && issue.received === 'undefined') {
    return ApiError.badRequest(`${path}: is required`, path);
  }
  return ApiError.badRequest(path ? `${path}: ${issue.message}` : issue.message, path || undefined);
}

/** Parses input against a schema or throws ApiError 400. */
export function parseInput<S extends ZodTypeAny>(schema: S, input: unknown, what = 'body'): z.infer<S> {
  if (input === undefined || input === null) {
    if (what === 'body') throw ApiError.badRequest('a JSON object body is required');
    input = {};
  }
  const result = schema.safeParse(input);
  if (!result.success) throw issueToError(result.error.issues[0]);
  return result.data as z.infer<S>;
}

/** Names: what users type; any printable text, stored verbatim. */
export const nameSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(128, 'must be at most 128 characters')
  .regex(/^[^\u0000-\u001f]+$/, 'must not contain control characters');

/** A model-style identifier usable as the `model` in an OpenAI request. */
export const slugSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(128, 'must be at most 128 characters')
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:/-]*$/, 'may contain letters, digits, ".", "_", ":", "/" and "-", starting with a letter or digit');

export const httpUrlSchema = z
  .string()
  .max(2048)
  .refine((v) => {
    try {
      const u = new URL(v);
      return u.protocol === 'http:' || u.protocol === 'https:';
    } catch {
      return false;
    }
  }, 'must be an http:// or https:// URL')
  // Upstream paths are appended (`…/chat/completions`): a query, fragment or user:password would redirect the
  // request to another path of the host or put credentials where they are logged. Private addresses stay allowed:
  // self-hosted endpoints live there.
  .refine((v) => {
    try {
      const u = new URL(v);
      return u.search === '' && u.hash === '' && u.username === '' && u.password === '' && !/[?#]/.test(v);
    } catch {
      return true;
    }
  }, 'must not contain a query, a fragment or credentials');

export const uuidSchema = z.string().uuid('must be a UUID');

const DECIMAL = /^\d{1,12}(\.\d{1,6})?$/;
const DECIMAL_RULE = 'must be a non-negative decimal with at most 6 decimals';

export const decimalSchema = z
  .union([z.string(), z.number()])
  .transform((v) => String(v))
  .refine((v) => DECIMAL.test(v), DECIMAL_RULE);

/** The same rule, but only a JSON string is accepted (a number is a 400): for fields that never took numbers. */
export const decimalStringSchema = z
  .string({ invalid_type_error: `${DECIMAL_RULE}, as a string (e.g. "2.40")` })
  .refine((v) => DECIMAL.test(v), `${DECIMAL_RULE}, as a string (e.g. "2.40")`);

export const listQuerySchema = z
  .object({
    limit: z.coerce.number().int('must be an integer').min(1, 'must be between 1 and 200').max(200, 'must be between 1 and 200').default(50),
    offset: z.coerce.number().int('must be an integer').min(0, 'must be >= 0').default(0),
    q: z.string().max(128).optional(),
  })
  .passthrough();

export type ListQuery = z.infer<typeof listQuerySchema>;

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

/** Validates a path id (404 for garbage, so probing ids tells nothing). */
export function pathId(value: string, what: string): string {
  if (!uuidSchema.safeParse(value).success) throw ApiError.notFound(what);
  return value;
}
