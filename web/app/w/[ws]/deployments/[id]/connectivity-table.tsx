import { formatTime } from '../../../../../src/lib/format';
import type { Deployment } from '../../../../../src/lib/views';

export function ConnectivityTable({ deployment: d }: { deployment: Deployment }) {
  const probes = new Map((d.connectivity?.endpoints ?? []).map((p) => [p.url, p]));
  return (
    <>
      <p className="muted" data-testid="connectivity-summary">
        {d.connectivity ? `${d.connectivity.summary} — tested ${formatTime(d.connectivity.testedAt)}` : 'Connectivity not tested yet.'}
      </p>
      {d.endpoints.length ? (
        <table className="data">
          <thead>
            <tr>
              <th>Endpoint</th>
              <th className="num">Weight</th>
              <th>Priority</th>
              <th>Enabled</th>
              <th>Probe</th>
              <th className="num">Latency</th>
              <th>Detail</th>
            </tr>
          </thead>
          <tbody>
            {d.endpoints.map((e) => {
              const p = probes.get(e.url);
              return (
                <tr key={e.id ?? e.url}>
                  <td className="mono">{e.url}</td>
                  <td className="num">{e.weight}</td>
                  <td>{e.priority}</td>
                  <td>{e.enabled ? 'yes' : 'no'}</td>
                  <td>{p ? <span className={p.ok ? 'badge good' : 'badge bad'}>{p.ok ? `ok${p.status ? ` (${p.status})` : ''}` : 'failed'}</span> : '—'}</td>
                  <td className="num">{p?.latencyMs !== null && p?.latencyMs !== undefined ? `${p.latencyMs} ms` : '—'}</td>
                  <td>{p?.error ?? ''}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : (
        <p className="muted">No static endpoints: instances are started by the {d.runtime.driver} driver.</p>
      )}
    </>
  );
}
