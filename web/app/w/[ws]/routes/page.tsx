import Link from 'next/link';
import { targetShares } from '../../../../src/lib/route-form';
import { formatPercent, formatTime } from '../../../../src/lib/format';
import type { Page, Route } from '../../../../src/lib/views';
import { load, registry, ws } from '../../../../src/server/api-client';
import { ErrorBox } from '../../../../src/ui/status-badge';
import { targetLabels } from './target-labels';

export const dynamic = 'force-dynamic';

export default async function RoutesPage({ params }: { params: Promise<{ ws: string }> }) {
  const { ws: workspaceId } = await params;
  const base = `/w/${workspaceId}/routes`;
  const [list, labels] = await Promise.all([load(() => registry<Page<Route>>(ws(workspaceId, '/routes'), { query: { limit: 200 } }), base), targetLabels(workspaceId)]);
  return (
    <section>
      <h1>Routes</h1>
      <p className="muted">A route is the model name clients send to the gateway; it splits traffic over its targets by weight.</p>
      {list.error ? <ErrorBox title="Could not load routes" message={list.error.message} /> : null}
      {list.data && list.data.items.length === 0 ? <p className="muted">No routes yet. Creating a deployment creates a route of the same name.</p> : null}
      {list.data && list.data.items.length > 0 ? (
        <table className="data" data-testid="routes">
          <thead>
            <tr>
              <th>Route (model name)</th>
              <th>State</th>
              <th>Targets and share</th>
              <th>Fallback</th>
              <th>Updated</th>
            </tr>
          </thead>
          <tbody>
            {list.data.items.map((r) => {
              const shares = targetShares(r.targets);
              return (
                <tr key={r.id}>
                  <td>
                    <Link href={`${base}/${r.id}`} className="mono">
                      {r.name}
                    </Link>
                  </td>
                  <td>{r.enabled ? <span className="badge good">enabled</span> : <span className="badge muted">disabled</span>}</td>
                  <td>
                    {r.targets.map((t, i) => (
                      <div key={i}>
                        {labels.of(t)} — <strong>{formatPercent(shares[i])}</strong> <span className="muted">(weight {t.weight})</span>
                      </div>
                    ))}
                  </td>
                  <td>{r.fallback ? labels.of(r.fallback) : '—'}</td>
                  <td>{formatTime(r.updatedAt)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
