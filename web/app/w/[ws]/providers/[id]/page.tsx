import Link from 'next/link';
import { formatTime } from '../../../../../src/lib/format';
import type { Provider } from '../../../../../src/lib/views';
import { addProviderKeyAction, discoverAction } from '../../../../../src/server/actions/catalog.actions';
import { load, registry, ws } from '../../../../../src/server/api-client';
import { ActionForm } from '../../../../../src/ui/action-form';
import { Check, Field } from '../../../../../src/ui/field';
import { ErrorBox } from '../../../../../src/ui/status-badge';

export const dynamic = 'force-dynamic';

export default async function ProviderPage({ params }: { params: Promise<{ ws: string; id: string }> }) {
  const { ws: workspaceId, id } = await params;
  const self = `/w/${workspaceId}/providers/${id}`;
  const res = await load(() => registry<Provider>(ws(workspaceId, `/providers/${encodeURIComponent(id)}`)), self);
  if (!res.data) return <ErrorBox title="Could not load the provider" message={res.error?.status === 404 ? 'provider not found' : (res.error?.message ?? '')} />;
  const p = res.data;
  return (
    <section>
      <p>
        <Link href={`/w/${workspaceId}/providers`}>← Providers</Link>
      </p>
      <h1>
        {p.name} {p.enabled ? <span className="badge good">enabled</span> : <span className="badge muted">disabled</span>}
      </h1>
      <div className="card">
        <dl className="kv">
          <dt>Vendor</dt>
          <dd>{p.vendor}</dd>
          <dt>Base URL</dt>
          <dd className="mono">{p.baseUrl}</dd>
          {p.apiVersion ? (
            <>
              <dt>API version</dt>
              <dd>{p.apiVersion}</dd>
            </>
          ) : null}
          <dt>Priority</dt>
          <dd>{p.priority}</dd>
          <dt>Updated</dt>
          <dd>{formatTime(p.updatedAt)}</dd>
        </dl>
      </div>

      <h2>Keys</h2>
      {p.keys.length ? (
        <table className="data" data-testid="provider-keys">
          <thead>
            <tr>
              <th>Key</th>
              <th>Description</th>
              <th className="num">Weight</th>
              <th>State</th>
              <th>Added</th>
            </tr>
          </thead>
          <tbody>
            {p.keys.map((k) => (
              <tr key={k.id}>
                <td className="mono">{k.maskedSecret}</td>
                <td>{k.description}</td>
                <td className="num">{k.weight}</td>
                <td>{k.enabled ? <span className="badge good">enabled</span> : <span className="badge muted">disabled</span>}</td>
                <td>{formatTime(k.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">No keys.</p>
      )}
      <details className="card">
        <summary>
          <strong>Add a key</strong>
        </summary>
        <ActionForm action={addProviderKeyAction.bind(null, workspaceId, p.id)} submitLabel="Add key">
          <div className="cols">
            <Field label="API key" name="secret" required help="Stored encrypted; only its last 4 characters are shown afterwards">
              <input type="password" name="secret" autoComplete="off" required maxLength={4096} />
            </Field>
            <Field label="Description" name="description">
              <input type="text" name="description" maxLength={200} />
            </Field>
            <Field label="Weight" name="weight" help="Share of requests among the enabled keys">
              <input type="number" name="weight" min={0} step={1} defaultValue={1} />
            </Field>
          </div>
        </ActionForm>
      </details>

      <h2>Models</h2>
      {p.models.length ? (
        <table className="data" data-testid="provider-models">
          <thead>
            <tr>
              <th>Name</th>
              <th>Upstream name</th>
            </tr>
          </thead>
          <tbody>
            {p.models.map((m) => (
              <tr key={m.id}>
                <td className="mono">{m.name}</td>
                <td className="mono">{m.upstreamName ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">No models registered.</p>
      )}
      <div className="card">
        <h3>Discover models</h3>
        <p className="help">Asks the provider which models it serves (its /models endpoint, with one of the keys above).</p>
        <ActionForm action={discoverAction.bind(null, workspaceId, p.id)} submitLabel="Discover" testId="discover-form">
          <Check label="Register the models not registered yet" name="register" defaultChecked />
        </ActionForm>
      </div>
    </section>
  );
}
