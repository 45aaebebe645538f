import { billingQueryString, GRANULARITIES, GROUP_BY_LABELS, GROUP_BYS, PERIOD_LABELS, PERIODS, pageQueryString, parseCostQuery, type GroupBy } from '../../../../src/lib/cost-query';
import { formatCount, formatMoney, formatTime } from '../../../../src/lib/format';
import type { CostReport, Page } from '../../../../src/lib/views';
import { call, load, registry, ws } from '../../../../src/server/api-client';
import { ErrorBox } from '../../../../src/ui/status-badge';

export const dynamic = 'force-dynamic';

type SP = Record<string, string | string[] | undefined>;

/** Names for the ids billing groups by (best effort; ids are shown when a name is unknown). */
async function groupNames(workspaceId: string, groupBy: GroupBy): Promise<Map<string, string>> {
  const path: Partial<Record<GroupBy, string>> = {
    workspace: '/api/v1/workspaces',
    route: ws(workspaceId, '/routes'),
    provider: ws(workspaceId, '/providers'),
    apiKey: ws(workspaceId, '/api-keys'),
  };
  const p = path[groupBy];
  if (!p) return new Map();
  try {
    const page = await registry<Page<{ id: string; name: string }>>(p, { query: { limit: 200 }, timeoutMs: 5000 });
    return new Map(page.items.map((i) => [i.id, i.name]));
  } catch {
    return new Map();
  }
}

export default async function CostsPage({ params, searchParams }: { params: Promise<{ ws: string }>; searchParams: Promise<SP> }) {
  const { ws: workspaceId } = await params;
  const sp = await searchParams;
  const { query, error } = parseCostQuery(sp, new Date());
  const self = `/w/${workspaceId}/costs`;
  const report = error ? null : await load(() => call<CostReport>('billing', '/api/v1/reports/costs?' + billingQueryString(query, 'json', workspaceId)), self);
  const names = report?.data ? await groupNames(workspaceId, query.groupBy) : new Map<string, string>();
  const csvHref = `${self}/csv?${pageQueryString(query)}`;
  return (
    <section>
      <h1>Costs</h1>
      <form className="toolbar" method="get" data-testid="costs-form">
        <label>
          Period
          <select name="period" defaultValue={query.period}>
            {PERIODS.map((p) => (
              <option key={p} value={p}>
                {PERIOD_LABELS[p]}
              </option>
            ))}
          </select>
        </label>
        <label>
          From (custom)
          <input type="date" name="from" defaultValue={query.period === 'custom' ? query.from.slice(0, 10) : ''} />
        </label>
        <label>
          To (custom, inclusive)
          <input type="date" name="to" defaultValue={query.period === 'custom' ? new Date(Date.parse(query.to) - 1).toISOString().slice(0, 10) : ''} />
        </label>
        <label>
          Group by
          <select name="groupBy" defaultValue={query.groupBy}>
            {GROUP_BYS.map((g) => (
              <option key={g} value={g}>
                {GROUP_BY_LABELS[g]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Granularity
          <select name="granularity" defaultValue={query.granularity}>
            {GRANULARITIES.map((g) => (
              <option key={g} value={g}>
                {g}
              </option>
            ))}
          </select>
        </label>
        <button className="btn secondary" type="submit">
          Show
        </button>
        {!error ? (
          <a className="btn secondary" href={csvHref} data-testid="csv-link" download>
            Download CSV
          </a>
        ) : null}
      </form>
      <p className="muted">
        {formatTime(query.from)} → {formatTime(query.to)} · grouped by {GROUP_BY_LABELS[query.groupBy].toLowerCase()} per {query.granularity}. Costs are
        exact to the micro-unit; amounts under a cent show more decimals.
      </p>
      {error ? <ErrorBox title="Check the period" message={error} /> : null}
      {report?.error ? <ErrorBox title="Could not load the cost report" message={report.error.message} /> : null}
      {report?.data && report.data.rows.length === 0 ? <p className="muted">No usage in this period.</p> : null}
      {report?.data && report.data.rows.length > 0 ? (
        <CostTable report={report.data} granularity={query.granularity} groupLabel={GROUP_BY_LABELS[query.groupBy]} names={names} />
      ) : null}
    </section>
  );
}

/** The report's rows and per-currency totals; the GPU-hours column only when some cost is GPU time. */
function CostTable({ report, granularity, groupLabel, names }: { report: CostReport; granularity: string; groupLabel: string; names: Map<string, string> }) {
  const gpu = report.rows.some((r) => r.gpuCost !== undefined && !/^0*\.?0*$/.test(r.gpuCost));
  return (
    <table className="data" data-testid="costs">
      <thead>
        <tr>
          <th>Period</th>
          <th>{groupLabel}</th>
          <th className="num">Requests</th>
          <th className="num">Prompt tokens</th>
          <th className="num">Cached prompt</th>
          <th className="num">Completion tokens</th>
          <th className="num">Cost</th>
          {gpu ? <th className="num" title="Part of the cost that is GPU-hours of self-hosted deployments">of which GPU-hours</th> : null}
        </tr>
      </thead>
      <tbody>
        {report.rows.map((r) => (
          <tr key={`${r.period}|${r.group}|${r.currency}`}>
            <td>{granularity === 'hour' ? formatTime(r.period) : r.period.slice(0, granularity === 'month' ? 7 : 10)}</td>
            <td>
              {names.get(r.group) ?? (r.group || <span className="muted">(none)</span>)}
              {names.has(r.group) ? <div className="muted mono">{r.group}</div> : null}
            </td>
            <td className="num">{formatCount(r.requests)}</td>
            <td className="num">{formatCount(r.promptTokens)}</td>
            <td className="num">{formatCount(r.cachedPromptTokens)}</td>
            <td className="num">{formatCount(r.completionTokens)}</td>
            <td className="num">{formatMoney(r.cost, r.currency)}</td>
            {gpu ? <td className="num">{formatMoney(r.gpuCost ?? '0', r.currency)}</td> : null}
          </tr>
        ))}
      </tbody>
      <tfoot>
        {report.totals.map((t) => (
          <tr key={t.currency} data-testid="costs-total">
            <td colSpan={2}>Total ({t.currency})</td>
            <td className="num">{formatCount(t.requests)}</td>
            <td className="num">{formatCount(t.promptTokens)}</td>
            <td className="num">{formatCount(t.cachedPromptTokens)}</td>
            <td className="num">{formatCount(t.completionTokens)}</td>
            <td className="num">{formatMoney(t.cost, t.currency)}</td>
            {gpu ? <td className="num">{formatMoney(t.gpuCost ?? '0', t.currency)}</td> : null}
          </tr>
        ))}
      </tfoot>
    </table>
  );
}
