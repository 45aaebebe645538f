import { formatMoney, formatTime } from '../../../../src/lib/format';
import type { ApiKey, Page } from '../../../../src/lib/views';
import { createApiKeyAction, revokeApiKeyAction } from '../../../../src/server/actions/catalog.actions';
import { load, registry, ws } from '../../../../src/server/api-client';
import { ActionForm } from '../../../../src/ui/action-form';
import { Field } from '../../../../src/ui/field';
import { ErrorBox } from '../../../../src/ui/status-badge';

export const dynamic = 'force-dynamic';

export default async function ApiKeysPage({ params }: { params: Promise<{ ws: string }> }) {
  const { ws: workspaceId } = await params;
  const list = await load(() => registry<Page<ApiKey>>(ws(workspaceId, '/api-keys'), { query: { limit: 200 } }), `/w/${workspaceId}/api-keys`);
  return (
    <section>
      <h1>API keys</h1>
      <p className="muted">Keys clients send to the gateway (Authorization: Bearer …). A new key is shown once, at creation; only its prefix is kept visible.</p>
      {/* Not a collapsible: the page re-renders after creation and the new key must stay visible. */}
      <div className="card">
        <h3 style={{ marginTop: 0 }}>Create API key</h3>
        <ActionForm action={createApiKeyAction.bind(null, workspaceId)} submitLabel="Create key" testId="create-key-form">
          <div className="cols">
            <Field label="Name" name="name" required help="e.g. backend-prod">
              <input type="text" name="name" required maxLength={128} />
            </Field>
            <Field label="Allowed routes" name="allowedRoutes" help="Route names, comma separated; empty = every route">
              <input type="text" name="allowedRoutes" maxLength={2000} />
            </Field>
            <Field label="Requests per minute" name="rpmLimit" help="Empty = no limit">
              <input type="number" name="rpmLimit" min={1} step={1} />
            </Field>
            <Field label="Tokens per minute" name="tpmLimit" help="Empty = no limit">
              <input type="number" name="tpmLimit" min={1} step={1} />
            </Field>
            <Field label="Monthly budget" name="monthlyBudget" help="In the workspace currency; empty = none">
              <input type="text" name="monthlyBudget" inputMode="decimal" maxLength={20} />
            </Field>
            <Field label="Expires" name="expiresAt" help="Optional; end of that day (UTC)">
              <input type="date" name="expiresAt" />
            </Field>
          </div>
        </ActionForm>
      </div>
      {list.error ? <ErrorBox title="Could not load API keys" message={list.error.message} /> : null}
      {list.data && list.data.items.length > 0 ? (
        <table className="data" data-testid="api-keys">
          <thead>
            <tr>
              <th>Name</th>
              <th>Key</th>
              <th>Routes</th>
              <th>Limits</th>
              <th>Budget</th>
              <th>Expires</th>
              <th>State</th>
            </tr>
          </thead>
          <tbody>
            {list.data.items.map((k) => (
              <tr key={k.id}>
                <td>{k.name}</td>
                <td className="mono">{k.prefix}…</td>
                <td>{k.allowedRoutes.length ? k.allowedRoutes.join(', ') : <span className="muted">all</span>}</td>
                <td>
                  {k.rpmLimit ? `${k.rpmLimit} rpm` : '—'} / {k.tpmLimit ? `${k.tpmLimit} tpm` : '—'}
                </td>
                <td>{k.monthlyBudget ? formatMoney(k.monthlyBudget) : '—'}</td>
                <td>{formatTime(k.expiresAt)}</td>
                <td>
                  {k.revokedAt ? (
                    <span className="badge bad">revoked {formatTime(k.revokedAt)}</span>
                  ) : (
                    <ActionForm
                      inline
                      danger
                      action={revokeApiKeyAction.bind(null, workspaceId, k.id)}
                      submitLabel="Revoke"
                      confirmText={`Revoke "${k.name}"? Clients using it are refused at once.`}
                    />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
