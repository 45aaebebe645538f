import { serviceStatuses } from '../lib/platform';

export const dynamic = 'force-dynamic';

const colour = { ready: '#1a7f37', 'not-ready': '#b35900', down: '#c62828' } as const;

export default async function Home() {
  const statuses = await serviceStatuses();
  return (
    <section>
      <h1 style={{ fontSize: 22 }}>Platform status</h1>
      <table style={{ borderCollapse: 'collapse', width: '100%', background: '#fff' }}>
        <thead>
          <tr>
            {['Service', 'State', 'Details', 'URL'].map((h) => (
              <th key={h} style={{ textAlign: 'left', padding: 8, borderBottom: '1px solid #ddd' }}>{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {statuses.map((s) => (
            <tr key={s.name} data-service={s.name}>
              <td style={{ padding: 8 }}>{s.name}</td>
              <td style={{ padding: 8, color: colour[s.state], fontWeight: 600 }}>{s.state}</td>
              <td style={{ padding: 8 }}>{s.detail}</td>
              <td style={{ padding: 8, fontFamily: 'monospace' }}>{s.url}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p style={{ marginTop: 16 }}>
        API documentation: <a href={`${process.env.REGISTRY_PUBLIC_URL ?? 'http://127.0.0.1:3001'}/api/docs`}>registry /api/docs</a>
      </p>
    </section>
  );
}
