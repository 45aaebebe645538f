// Refreshes the session ahead of the access token's expiry (server components cannot write cookies). Runs in the
// Node.js runtime so the refresh coalescer is shared with route handlers and server actions. Sending visitors without
// a session to the login page is the pages' job (redirects from here come out as "localhost" behind -H 127.0.0.1).
import { NextResponse, type NextRequest } from 'next/server';
import { ApiCallError } from './src/lib/api-error';
import { ACCESS_COOKIE, EXPIRY_COOKIE, REFRESH_COOKIE, clearedCookies, needsRefresh, sessionCookies } from './src/lib/session';
import { refreshSession } from './src/server/auth-calls';
import { secureCookies } from './src/server/services';

export async function middleware(req: NextRequest): Promise<NextResponse> {
  const at = req.cookies.get(ACCESS_COOKIE)?.value;
  const rt = req.cookies.get(REFRESH_COOKIE)?.value;
  const exp = req.cookies.get(EXPIRY_COOKIE)?.value;

  if (rt && needsRefresh(at, exp, Date.now())) {
    try {
      const session = await refreshSession(rt);
      const writes = sessionCookies(session, Date.now(), secureCookies());
      // The new tokens for this request's server components, and for the browser.
      for (const c of writes) req.cookies.set(c.name, c.value);
      const res = NextResponse.next({ request: { headers: req.headers } });
      for (const c of writes) res.cookies.set(c.name, c.value, c.options);
      return res;
    } catch (error) {
      if (error instanceof ApiCallError && error.status === 401) {
        // The pages send visitors without a session to the login page (a relative redirect, same origin).
        for (const name of [ACCESS_COOKIE, REFRESH_COOKIE, EXPIRY_COOKIE]) req.cookies.delete(name);
        const res = NextResponse.next({ request: { headers: req.headers } });
        for (const c of clearedCookies(secureCookies())) res.cookies.set(c.name, c.value, c.options);
        return res;
      }
      // Registry unreachable: carry on with what we have; pages show the error.
      return NextResponse.next();
    }
  }
  return NextResponse.next();
}

export const config = {
  runtime: 'nodejs',
  matcher: ['/((?!_next/static|_next/image|favicon.ico|healthz).*)'],
};
