import type { ReactNode } from 'react';
import { cookies } from 'next/headers';
import Link from 'next/link';
import { ACCESS_COOKIE, REFRESH_COOKIE } from '../src/lib/session';
import { logoutAction } from '../src/server/actions/auth.actions';
import './globals.css';

export const metadata = { title: 'Switchyard', description: 'LLM control plane and gateway' };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const jar = await cookies();
  const loggedIn = Boolean(jar.get(ACCESS_COOKIE)?.value || jar.get(REFRESH_COOKIE)?.value);
  return (
    <html lang="en">
      <body>
        <header className="top">
          <Link href={loggedIn ? '/workspaces' : '/'} className="brand">
            Switchyard
          </Link>
          <nav>
            {loggedIn ? <Link href="/workspaces">Workspaces</Link> : null}
            <Link href="/status">Platform status</Link>
          </nav>
          <div className="user">
            {loggedIn ? (
              <form action={logoutAction}>
                <button type="submit" data-testid="logout">
                  Log out
                </button>
              </form>
            ) : (
              <Link href="/login" style={{ color: '#fff' }}>
                Log in
              </Link>
            )}
          </div>
        </header>
        <main>{children}</main>
      </body>
    </html>
  );
}
