import { z } from 'zod';
import type { GroupBy, Granularity } from '@switchyard/billing-store';
import { ReportError } from './report.error';

const MAX_RANGE_DAYS = 3 * 366;

const isoTime = z
  .string({ required_error: 'is required (ISO 8601 time)' })
  .max(40)
  .refine((v) => /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(v) && !Number.isNaN(Date.parse(v)), 'must be an ISO 8601 date or time')
  .transform((v) => new Date(v));

export const costReportQuerySchema = z
  .object({
    from: isoTime,
    to: isoTime,
    groupBy: z.enum(['workspace', 'user', 'apiKey', 'model', 'route', 'provider']).default('workspace'),
    granularity: z.enum(['hour', 'day', 'month']).default('day'),
    format: z.enum(['json', 'csv']).default('json'),
    workspaceId: z.string().max(64).optional(),
  })
  .strict();

export interface CostReportQuery {
  from: Date;
  to: Date;
  groupBy: GroupBy;
  granularity: Granularity;
  format: 'json' | 'csv';
  workspaceId?: string;
}

/** Validates the query string; 400 naming the parameter and the rule. Pure. */
export function parseCostReportQuery(query: unknown): CostReportQuery {
  const result = costReportQuerySchema.safeParse(query ?? {});
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue.code === 'unrecognized_keys' ? issue.keys[0] : issue.path.join('.');
    const message = issue.code === 'unrecognized_keys' ? 'unknown parameter' : issue.message;
    throw new ReportError(400, 'invalid_request', `${field}: ${message}`, false, field);
  }
  const q = result.data;
  if (q.to.getTime() <= q.from.getTime()) throw new ReportError(400, 'invalid_request', 'to: must be after from', false, 'to');
  if (q.to.getTime() - q.from.getTime() > MAX_RANGE_DAYS * 86_400_000) {
    throw new ReportError(400, 'invalid_request', `to: the range may span at most ${MAX_RANGE_DAYS} days`, false, 'to');
  }
  return q;
}
