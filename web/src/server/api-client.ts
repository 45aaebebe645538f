// Calls to the platform's services with the user's access token. In server components a 401 sends the user to the
// login page (the middleware refreshes tokens ahead of expiry); in server actions and route handlers a 401 is
// retried once after a refresh whose new tokens are stored in the cookies.
import { redirect } from 'next/navigation';
import { ApiCallError, errorFromNetwork, errorFromResponse, type ServiceName } from '../lib/api-error';
import { refreshSession } from './auth-calls';
import { accessToken, clearSession, refreshToken, saveSession } from './session-store';
import { serviceUrl } from './services';

export interface CallOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  query?: Record<string, string | number | undefined>;
  /** Server actions and route handlers may refresh and store new tokens; server components may not. */
  mutable?: boolean;
  timeoutMs?: number;
  /** Answer the raw response (CSV downloads) instead of parsed JSON. */
  raw?: boolean;
}

function urlOf(service: ServiceName, path: string, query?: CallOptions['query']): string {
  const url = new URL(`${serviceUrl(service)}${path}`);
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== '') url.searchParams.set(k, String(v));
  return url.toString();
}

async function send(service: ServiceName, path: string, opts: CallOptions, token: string | undefined): Promise<Response> {
  const headers: Record<string, string> = { accept: opts.raw ? '*/*' : 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  try {
    return await fetch(urlOf(service, path, opts.query), {
      method: opts.method ?? 'GET',
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      cache: 'no-store',
      signal: AbortSignal.timeout(opts.timeoutMs ?? 15_000),
    });
  } catch (error) {
    throw errorFromNetwork(service, error);
  }
}

async function refreshed(): Promise<string | undefined> {
  const rt = await refreshToken();
  if (!rt) return undefined;
  try {
    const session = await refreshSession(rt);
    await saveSession(session);
    return session.accessToken;
  } catch (error) {
    if (error instanceof ApiCallError && error.status === 401) await clearSession();
    return undefined;
  }
}

/** Raw response of a service call (2xx only; errors are thrown as ApiCallError). */
export async function callRaw(service: ServiceName, path: string, opts: CallOptions = {}): Promise<Response> {
  let res = await send(service, path, opts, await accessToken());
  if (res.status === 401 && opts.mutable) {
    const token = await refreshed();
    if (token) res = await send(service, path, opts, token);
  }
  if (!res.ok) throw errorFromResponse(service, res.status, await res.text());
  return res;
}

/** A JSON service call; 204 answers undefined. */
export async function call<T>(service: ServiceName, path: string, opts: CallOptions = {}): Promise<T> {
  const res = await callRaw(service, path, opts);
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  if (!text) return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ApiCallError(service, 502, 'bad_answer', `${service} answered something that is not JSON`, undefined, true);
  }
}

/** For server components: the data, or the error to show; a lost session goes to the login page. */
export async function load<T>(fn: () => Promise<T>, nextPath?: string): Promise<{ data: T; error: null } | { data: null; error: ApiCallError }> {
  try {
    return { data: await fn(), error: null };
  } catch (error) {
    if (error instanceof ApiCallError) {
      if (error.status === 401) redirect(`/login${nextPath ? `?next=${encodeURIComponent(nextPath)}` : ''}`);
      return { data: null, error };
    }
    throw error;
  }
}

export const registry = <T>(path: string, opts?: CallOptions) => call<T>('registry', path, opts);
export const ws = (workspaceId: string, rest = '') => `/api/v1/workspaces/${encodeURIComponent(workspaceId)}${rest}`;
