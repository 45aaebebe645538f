// POST /logout: revokes the session at the registry and clears the cookies (GET only shows where to go).
import { logout } from '../../src/server/auth-calls';
import { clearSession, refreshToken } from '../../src/server/session-store';

export const dynamic = 'force-dynamic';

export async function POST(): Promise<Response> {
  const rt = await refreshToken();
  if (rt) {
    try {
      await logout(rt);
    } catch {
      // Cookies are cleared anyway.
    }
  }
  await clearSession();
  return toLogin();
}

export function GET(): Response {
  return toLogin();
}

/** A relative Location: behind `next start -H 127.0.0.1` the request URL says "localhost", another origin. */
function toLogin(): Response {
  return new Response(null, { status: 303, headers: { location: '/login' } });
}
