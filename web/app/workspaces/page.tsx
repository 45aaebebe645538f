import Link from 'next/link';
import type { Me, Page, Workspace } from '../../src/lib/views';
import { load, registry } from '../../src/server/api-client';
import { ErrorBox } from '../../src/ui/status-badge';

export const dynamic = 'force-dynamic';

export default async function WorkspacesPage() {
  const [me, list] = await Promise.all([
    load(() => registry<Me>('/api/v1/me'), '/workspaces'),
    load(() => registry<Page<Workspace>>('/api/v1/workspaces', { query: { limit: 200 } }), '/workspaces'),
  ]);
  const roles = new Map((me.data?.memberships ?? []).map((m) => [m.workspaceId, m.role]));
  return (
    <section>
      <h1>Workspaces</h1>
      {me.data ? (
        <p className="muted">
          Signed in as <strong>{me.data.email ?? me.data.name}</strong>
          {me.data.platformAdmin ? ' (platform admin)' : ''}
        </p>
      ) : null}
      {list.error ? <ErrorBox title="Could not load workspaces" message={list.error.message} /> : null}
      {list.data && list.data.items.length === 0 ? <p>You are not a member of any workspace yet. Ask a workspace admin to add you.</p> : null}
      {list.data && list.data.items.length > 0 ? (
        <table className="data" data-testid="workspaces">
          <thead>
            <tr>
              <th>Workspace</th>
              <th>Description</th>
              <th>Your role</th>
              <th>Monthly budget</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {list.data.items.map((w) => (
              <tr key={w.id}>
                <td>
                  <Link href={`/w/${w.id}/deployments`}>{w.name}</Link> {w.disabled ? <span className="badge bad">disabled</span> : null}
                </td>
                <td>{w.description ?? ''}</td>
                <td>{roles.get(w.id) ?? (me.data?.platformAdmin ? 'platform admin' : '—')}</td>
                <td>{w.monthlyBudget ? `${w.monthlyBudget} ${w.currency}` : '—'}</td>
                <td>
                  <Link href={`/w/${w.id}/deployments`}>Deployments</Link> · <Link href={`/w/${w.id}/costs`}>Costs</Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
