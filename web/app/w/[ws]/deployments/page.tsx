import Link from 'next/link';
import { formatTime } from '../../../../src/lib/format';
import type { Deployment, Page } from '../../../../src/lib/views';
import { load, registry, ws } from '../../../../src/server/api-client';
import { ErrorBox, StatusBadge } from '../../../../src/ui/status-badge';

export const dynamic = 'force-dynamic';

type SP = Record<string, string | string[] | undefined>;
const str = (v: string | string[] | undefined) => (typeof v === 'string' ? v : '');
const LIMIT = 50;
const STATUSES = ['pending', 'deploying', 'running', 'updating', 'stopping', 'stopped', 'failed', 'deleting'];

export default async function DeploymentsPage({ params, searchParams }: { params: Promise<{ ws: string }>; searchParams: Promise<SP> }) {
  const { ws: workspaceId } = await params;
  const sp = await searchParams;
  const q = str(sp.q).slice(0, 200);
  const environment = ['development', 'staging', 'production'].includes(str(sp.environment)) ? str(sp.environment) : '';
  const status = STATUSES.includes(str(sp.status)) ? str(sp.status) : '';
  const offset = Math.max(0, Math.floor(Number(str(sp.offset)) || 0));
  const list = await load(
    () => registry<Page<Deployment>>(ws(workspaceId, '/deployments'), { query: { q, environment, status, limit: LIMIT, offset } }),
    `/w/${workspaceId}/deployments`,
  );
  const base = `/w/${workspaceId}/deployments`;
  const pageLink = (o: number) => `${base}?${new URLSearchParams({ q, environment, status, offset: String(o) }).toString()}`;
  return (
    <section>
      <div className="toolbar" style={{ justifyContent: 'space-between' }}>
        <h1 style={{ margin: 0 }}>Deployments</h1>
        <Link className="btn" href={`${base}/new`} data-testid="create-deployment">
          Create Deployment
        </Link>
      </div>
      <form className="toolbar" method="get">
        <label>
          Search
          <input type="text" name="q" defaultValue={q} placeholder="name, description or model" />
        </label>
        <label>
          Environment
          <select name="environment" defaultValue={environment}>
            <option value="">All</option>
            <option value="development">Development</option>
            <option value="staging">Staging</option>
            <option value="production">Production</option>
          </select>
        </label>
        <label>
          Status
          <select name="status" defaultValue={status}>
            <option value="">All</option>
            {STATUSES.map((st) => (
              <option key={st} value={st}>
                {st}
              </option>
            ))}
          </select>
        </label>
        <button className="btn secondary" type="submit">
          Filter
        </button>
      </form>
      {list.error ? <ErrorBox title="Could not load deployments" message={list.error.message} /> : null}
      {list.data && list.data.items.length === 0 ? <p className="muted">No deployments{q || environment || status ? ' match these filters' : ' yet'}.</p> : null}
      {list.data && list.data.items.length > 0 ? (
        <table className="data" data-testid="deployments">
          <thead>
            <tr>
              <th>Name</th>
              <th>Model</th>
              <th>Environment</th>
              <th>Status</th>
              <th className="num">Replicas</th>
              <th>Connectivity</th>
              <th>Updated</th>
            </tr>
          </thead>
          <tbody>
            {list.data.items.map((d) => (
              <tr key={d.id} data-deployment={d.name}>
                <td>
                  <Link href={`${base}/${d.id}`}>{d.name}</Link>
                  {d.description ? <div className="muted">{d.description.slice(0, 80)}</div> : null}
                </td>
                <td className="mono">
                  {d.modelId} <span className="muted">{d.modelVersion}</span>
                </td>
                <td>{d.environment}</td>
                <td>
                  <StatusBadge value={d.status} />
                  {d.requiresRestart ? <div className="muted">restart required</div> : null}
                </td>
                <td className="num">
                  {d.replicas} <span className="muted">({d.minReplicas}–{d.maxReplicas})</span>
                </td>
                <td>
                  {d.connectivity ? (
                    <span className={d.connectivity.ok === false ? 'badge bad' : d.connectivity.ok ? 'badge good' : 'badge muted'}>
                      {d.connectivity.ok === false ? 'failed' : d.connectivity.ok ? 'ok' : 'n/a'}
                    </span>
                  ) : (
                    <span className="badge muted">not tested</span>
                  )}{' '}
                  <span className="muted">{d.connectivity?.summary ?? ''}</span>
                </td>
                <td>{formatTime(d.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {list.data && list.data.total > LIMIT ? (
        <div className="pager">
          {offset > 0 ? <Link href={pageLink(Math.max(0, offset - LIMIT))}>← Previous</Link> : null}
          <span className="muted">
            {offset + 1}–{Math.min(offset + LIMIT, list.data.total)} of {list.data.total}
          </span>
          {offset + LIMIT < list.data.total ? <Link href={pageLink(offset + LIMIT)}>Next →</Link> : null}
        </div>
      ) : null}
    </section>
  );
}
