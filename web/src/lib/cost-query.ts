// The costs page's query: period presets, group-by and granularity from the URL, checked before calling billing. Pure.

export const GROUP_BYS = ['workspace', 'user', 'apiKey', 'model', 'route', 'provider'] as const;
export const GRANULARITIES = ['hour', 'day', 'month'] as const;
export const PERIODS = ['24h', '7d', '30d', 'month', 'custom'] as const;
export type GroupBy = (typeof GROUP_BYS)[number];
export type Granularity = (typeof GRANULARITIES)[number];
export type Period = (typeof PERIODS)[number];

export const GROUP_BY_LABELS: Record<GroupBy, string> = {
  workspace: 'Workspace',
  user: 'User',
  apiKey: 'API key',
  model: 'Model',
  route: 'Route',
  provider: 'Provider',
};
export const PERIOD_LABELS: Record<Period, string> = { '24h': 'Last 24 hours', '7d': 'Last 7 days', '30d': 'Last 30 days', month: 'This month', custom: 'Custom' };

export interface CostQuery {
  period: Period;
  from: string;
  to: string;
  groupBy: GroupBy;
  granularity: Granularity;
}

export type SearchParams = Record<string, string | string[] | undefined>;

const MAX_RANGE_MS = 3 * 366 * 86_400_000;

function one(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function pick<T extends string>(value: string | undefined, allowed: readonly T[], fallback: T): T {
  return allowed.includes(value as T) ? (value as T) : fallback;
}

/** A date input ("2026-11-01") or an ISO time; null when not a date. */
function parseDate(value: string | undefined): Date | null {
  if (!value || value.length > 40 || !/^\d{4}-\d{2}-\d{2}/.test(value)) return null;
  const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** Reads the page's query; returns the billing query or the first problem, worded for the form. */
export function parseCostQuery(params: SearchParams, now: Date): { query: CostQuery; error: string | null } {
  const period = pick(one(params.period), PERIODS, '7d');
  const groupBy = pick(one(params.groupBy), GROUP_BYS, 'model');
  let granularity = pick(one(params.granularity), GRANULARITIES, period === '24h' ? 'hour' : 'day');
  let from: Date;
  let to: Date = now;
  let error: string | null = null;
  switch (period) {
    case '24h':
      from = new Date(now.getTime() - 86_400_000);
      break;
    case '30d':
      from = new Date(now.getTime() - 30 * 86_400_000);
      break;
    case 'month':
      from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
      break;
    case 'custom': {
      const f = parseDate(one(params.from));
      const t = parseDate(one(params.to));
      from = f ?? new Date(now.getTime() - 7 * 86_400_000);
      // A date-only "to" means the whole of that day.
      to = t ? (/^\d{4}-\d{2}-\d{2}$/.test(one(params.to) ?? '') ? new Date(t.getTime() + 86_400_000) : t) : now;
      if (!f) error = 'From: enter a date (YYYY-MM-DD)';
      else if (!t) error = 'To: enter a date (YYYY-MM-DD)';
      else if (to.getTime() <= from.getTime()) error = 'To must be after From';
      else if (to.getTime() - from.getTime() > MAX_RANGE_MS) error = 'The period may span at most 3 years';
      break;
    }
    default:
      from = new Date(now.getTime() - 7 * 86_400_000);
  }
  // An hourly report over a long range is thousands of rows: fall back to days.
  if (granularity === 'hour' && to.getTime() - from.getTime() > 31 * 86_400_000) granularity = 'day';
  return { query: { period, from: from.toISOString(), to: to.toISOString(), groupBy, granularity }, error };
}

/** The billing API's query string for a report. */
export function billingQueryString(q: CostQuery, format: 'json' | 'csv', workspaceId?: string): string {
  const p = new URLSearchParams({ from: q.from, to: q.to, groupBy: q.groupBy, granularity: q.granularity, format });
  if (workspaceId) p.set('workspaceId', workspaceId);
  return p.toString();
}

/** The dashboard's own query string (for links such as the CSV download). */
export function pageQueryString(q: CostQuery): string {
  const p = new URLSearchParams({ period: q.period, groupBy: q.groupBy, granularity: q.granularity });
  if (q.period === 'custom') {
    p.set('from', q.from.slice(0, 10));
    // "to" is exclusive (the day after the last day shown in the form).
    p.set('to', new Date(Date.parse(q.to) - 1).toISOString().slice(0, 10));
  }
  return p.toString();
}
