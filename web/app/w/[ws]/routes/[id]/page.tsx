import Link from 'next/link';
import { formatPercent, formatTime } from '../../../../../src/lib/format';
import { targetRef, targetShares } from '../../../../../src/lib/route-form';
import type { Route } from '../../../../../src/lib/views';
import { retargetAction, routeEnabledAction } from '../../../../../src/server/actions/catalog.actions';
import { load, registry, ws } from '../../../../../src/server/api-client';
import { ActionForm, FieldError } from '../../../../../src/ui/action-form';
import { ErrorBox } from '../../../../../src/ui/status-badge';
import { targetLabels } from '../target-labels';

export const dynamic = 'force-dynamic';

export default async function RoutePage({ params }: { params: Promise<{ ws: string; id: string }> }) {
  const { ws: workspaceId, id } = await params;
  const self = `/w/${workspaceId}/routes/${id}`;
  const [route, labels] = await Promise.all([load(() => registry<Route>(ws(workspaceId, `/routes/${encodeURIComponent(id)}`)), self), targetLabels(workspaceId)]);
  if (!route.data) return <ErrorBox title="Could not load the route" message={route.error?.status === 404 ? 'route not found' : (route.error?.message ?? '')} />;
  const r = route.data;
  const shares = targetShares(r.targets);
  const current = new Set(r.targets.map(targetRef));
  return (
    <section>
      <p>
        <Link href={`/w/${workspaceId}/routes`}>← Routes</Link>
      </p>
      <h1>
        Route <span className="mono">{r.name}</span> {r.enabled ? <span className="badge good">enabled</span> : <span className="badge muted">disabled</span>}
      </h1>
      {r.description ? <p>{r.description}</p> : null}
      <p className="muted">
        Version {r.version}, updated {formatTime(r.updatedAt)}. Clients call the gateway with <code>&quot;model&quot;: &quot;{r.name}&quot;</code>.
      </p>
      <ActionForm inline action={routeEnabledAction.bind(null, workspaceId, r.id, !r.enabled)} submitLabel={r.enabled ? 'Disable route' : 'Enable route'} danger={r.enabled} />

      <h2>Targets</h2>
      <ActionForm action={retargetAction.bind(null, workspaceId, r.id, r.targets.length)} submitLabel="Retarget" testId="retarget-form">
        <table className="data" data-testid="targets">
          <thead>
            <tr>
              <th>Target</th>
              <th>Kind</th>
              <th className="num">Weight</th>
              <th className="num">Priority</th>
              <th>Share</th>
              <th>Remove</th>
            </tr>
          </thead>
          <tbody>
            {r.targets.map((t, i) => (
              <tr key={targetRef(t)}>
                <td>
                  {labels.of(t)}
                  <input type="hidden" name={`t.${i}.ref`} value={targetRef(t)} />
                  <FieldError name={`t.${i}.ref`} />
                </td>
                <td>{t.kind}</td>
                <td className="num">
                  <input type="number" name={`t.${i}.weight`} min={0} max={1000000} step={1} defaultValue={t.weight} style={{ width: 100 }} />
                  <FieldError name={`t.${i}.weight`} />
                </td>
                <td className="num">
                  <input type="number" name={`t.${i}.priority`} min={1} max={1000} step={1} defaultValue={t.priority ?? ''} style={{ width: 70 }} />
                </td>
                <td style={{ minWidth: 160 }}>
                  <div className="bar">
                    <span style={{ width: `${shares[i]}%` }} />
                  </div>
                  {formatPercent(shares[i])}
                </td>
                <td>
                  <input type="checkbox" name={`t.${i}.remove`} aria-label="remove target" />
                </td>
              </tr>
            ))}
            <tr>
              <td colSpan={2}>
                <select name="new.ref" defaultValue="">
                  <option value="">Add a target…</option>
                  {labels.options
                    .filter((o) => !current.has(o.ref))
                    .map((o) => (
                      <option key={o.ref} value={o.ref}>
                        {o.label}
                      </option>
                    ))}
                </select>
                <FieldError name="new.ref" />
              </td>
              <td className="num">
                <input type="number" name="new.weight" min={0} max={1000000} step={1} defaultValue={100} style={{ width: 100 }} />
                <FieldError name="new.weight" />
              </td>
              <td colSpan={3} className="muted">
                Shares are weight ÷ sum of weights.
              </td>
            </tr>
          </tbody>
        </table>
        <FieldError name="targets" />
        <p className="help">The gateway picks up the new split within seconds (RouteChanged).</p>
      </ActionForm>
      <h3>Fallback</h3>
      <p>{r.fallback ? labels.of(r.fallback) : 'No fallback: when every target fails, the gateway answers an error.'}</p>
    </section>
  );
}
