// The session in the request's cookies (next/headers). Reading works everywhere on the server; writing only in
// server actions and route handlers (the middleware writes its own way).
import { cookies } from 'next/headers';
import { ACCESS_COOKIE, REFRESH_COOKIE, WORKSPACE_COOKIE, clearedCookies, cookieOptions, sessionCookies, type Session } from '../lib/session';
import { secureCookies } from './services';

export async function accessToken(): Promise<string | undefined> {
  return (await cookies()).get(ACCESS_COOKIE)?.value || undefined;
}

export async function refreshToken(): Promise<string | undefined> {
  return (await cookies()).get(REFRESH_COOKIE)?.value || undefined;
}

export async function saveSession(session: Session): Promise<void> {
  const jar = await cookies();
  for (const c of sessionCookies(session, Date.now(), secureCookies())) jar.set(c.name, c.value, c.options);
}

export async function clearSession(): Promise<void> {
  const jar = await cookies();
  for (const c of clearedCookies(secureCookies())) jar.set(c.name, c.value, c.options);
}

export async function rememberWorkspace(workspaceId: string): Promise<void> {
  (await cookies()).set(WORKSPACE_COOKIE, workspaceId, { ...cookieOptions(365 * 86_400, secureCookies()) });
}
