// The dashboard's session: which cookies hold it, their options, when to refresh. Pure (no Next.js, no I/O).
// Tokens live only in httpOnly, SameSite=Strict cookies; the browser's scripts never see them.

export const ACCESS_COOKIE = 'sy_at';
export const REFRESH_COOKIE = 'sy_rt';
/** Epoch milliseconds at which the access token expires (not secret; lets the middleware refresh ahead of time). */
export const EXPIRY_COOKIE = 'sy_exp';
export const WORKSPACE_COOKIE = 'sy_ws';

/** Refresh when the access token has less than this left. */
export const REFRESH_AHEAD_MS = 60_000;
const MAX_TOKEN_LENGTH = 4096;

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  refreshExpiresIn?: number;
}

export interface Session {
  accessToken: string;
  refreshToken: string;
  /** Epoch ms. */
  accessExpiresAt: number;
  /** Epoch ms. */
  refreshExpiresAt: number;
}

export interface CookieOptions {
  httpOnly: boolean;
  sameSite: 'strict';
  secure: boolean;
  path: string;
  maxAge: number;
}

export interface CookieWrite {
  name: string;
  value: string;
  options: CookieOptions;
}

const DEFAULT_REFRESH_TTL_S = 30 * 86_400;

/** Validates a login/refresh answer; null when it is not a usable token pair. */
export function parseTokenPair(body: unknown): TokenPair | null {
  if (!body || typeof body !== 'object') return null;
  const b = body as Record<string, unknown>;
  const ok = (t: unknown): t is string => typeof t === 'string' && t.length > 0 && t.length <= MAX_TOKEN_LENGTH && !/[\s;,]/.test(t);
  if (!ok(b.accessToken) || !ok(b.refreshToken)) return null;
  const expiresIn = typeof b.expiresIn === 'number' && b.expiresIn > 0 ? b.expiresIn : 300;
  const refreshExpiresIn = typeof b.refreshExpiresIn === 'number' && b.refreshExpiresIn > 0 ? b.refreshExpiresIn : undefined;
  return { accessToken: b.accessToken, refreshToken: b.refreshToken, expiresIn, refreshExpiresIn };
}

export function sessionFromTokens(pair: TokenPair, now: number): Session {
  return {
    accessToken: pair.accessToken,
    refreshToken: pair.refreshToken,
    accessExpiresAt: now + pair.expiresIn * 1000,
    refreshExpiresAt: now + (pair.refreshExpiresIn ?? DEFAULT_REFRESH_TTL_S) * 1000,
  };
}

/** Whether the access token should be refreshed now (missing, malformed expiry, or about to expire). */
export function needsRefresh(accessToken: string | undefined, expiresAtCookie: string | undefined, now: number, aheadMs = REFRESH_AHEAD_MS): boolean {
  if (!accessToken) return true;
  const exp = Number(expiresAtCookie);
  if (!expiresAtCookie || !Number.isFinite(exp)) return true;
  return exp - now <= aheadMs;
}

/** Secure cookies unless the dashboard is served over plain http (local development, this machine). */
export function cookieOptions(maxAgeSeconds: number, secure: boolean): CookieOptions {
  return { httpOnly: true, sameSite: 'strict', secure, path: '/', maxAge: Math.max(0, Math.floor(maxAgeSeconds)) };
}

/** The cookies that store a session (the access cookie lives as long as the refresh token so the middleware can refresh). */
export function sessionCookies(session: Session, now: number, secure: boolean): CookieWrite[] {
  const refreshAge = (session.refreshExpiresAt - now) / 1000;
  return [
    { name: ACCESS_COOKIE, value: session.accessToken, options: cookieOptions(refreshAge, secure) },
    { name: REFRESH_COOKIE, value: session.refreshToken, options: cookieOptions(refreshAge, secure) },
    { name: EXPIRY_COOKIE, value: String(session.accessExpiresAt), options: cookieOptions(refreshAge, secure) },
  ];
}

/** The cookies that end a session. */
export function clearedCookies(secure: boolean): CookieWrite[] {
  return [ACCESS_COOKIE, REFRESH_COOKIE, EXPIRY_COOKIE].map((name) => ({ name, value: '', options: cookieOptions(0, secure) }));
}

/** Only same-site relative paths are followed after login (no open redirects). */
export function safeNextPath(next: unknown, fallback = '/workspaces'): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  if (next.length > 500 || /[\u0000-\u001f]/.test(next) || next.startsWith('/login') || next.startsWith('/logout')) return fallback;
  return next;
}
