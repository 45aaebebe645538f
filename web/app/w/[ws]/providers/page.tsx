import Link from 'next/link';
import type { Page, Provider } from '../../../../src/lib/views';
import { load, registry, ws } from '../../../../src/server/api-client';
import { ErrorBox } from '../../../../src/ui/status-badge';

export const dynamic = 'force-dynamic';

export default async function ProvidersPage({ params }: { params: Promise<{ ws: string }> }) {
  const { ws: workspaceId } = await params;
  const base = `/w/${workspaceId}/providers`;
  const list = await load(() => registry<Page<Provider>>(ws(workspaceId, '/providers'), { query: { limit: 200 } }), base);
  return (
    <section>
      <h1>Providers</h1>
      <p className="muted">External LLM APIs (OpenAI, Anthropic, Azure, OpenAI-compatible). Keys are stored encrypted and only shown masked.</p>
      {list.error ? <ErrorBox title="Could not load providers" message={list.error.message} /> : null}
      {list.data && list.data.items.length === 0 ? <p className="muted">No providers yet.</p> : null}
      {list.data && list.data.items.length > 0 ? (
        <table className="data" data-testid="providers">
          <thead>
            <tr>
              <th>Provider</th>
              <th>Vendor</th>
              <th>Base URL</th>
              <th>Keys</th>
              <th className="num">Models</th>
              <th>State</th>
            </tr>
          </thead>
          <tbody>
            {list.data.items.map((p) => (
              <tr key={p.id}>
                <td>
                  <Link href={`${base}/${p.id}`}>{p.name}</Link>
                </td>
                <td>{p.vendor}</td>
                <td className="mono">{p.baseUrl}</td>
                <td className="mono">{p.keys.length ? p.keys.map((k) => k.maskedSecret).join(', ') : <span className="muted">none</span>}</td>
                <td className="num">{p.models.length}</td>
                <td>{p.enabled ? <span className="badge good">enabled</span> : <span className="badge muted">disabled</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
