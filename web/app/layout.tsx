import type { ReactNode } from 'react';

export const metadata = { title: 'Switchyard', description: 'LLM control plane and gateway' };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body style={{ fontFamily: 'system-ui, sans-serif', margin: 0, background: '#f6f7f9', color: '#1d2330' }}>
        <header style={{ background: '#1d2330', color: '#fff', padding: '12px 24px', fontWeight: 600 }}>Switchyard</header>
        <main style={{ padding: 24, maxWidth: 1100, margin: '0 auto' }}>{children}</main>
      </body>
    </html>
  );
}
