// Calls to the registry's auth endpoints (login, refresh, logout) and the process-wide refresh coalescer.
import { ApiCallError, errorFromNetwork, errorFromResponse } from '../lib/api-error';
import { RefreshCoalescer } from '../lib/refresh-coalescer';
import { parseTokenPair, sessionFromTokens, type Session } from '../lib/session';
import { serviceUrl } from './services';

const TIMEOUT_MS = 10_000;

async function postAuth(path: string, body: unknown): Promise<Response> {
  try {
    return await fetch(`${serviceUrl('registry')}/api/v1/auth/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
      cache: 'no-store',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    throw errorFromNetwork('registry', error);
  }
}

async function tokensFrom(res: Response): Promise<Session> {
  const text = await res.text();
  if (!res.ok) throw errorFromResponse('registry', res.status, text);
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = null;
  }
  const pair = parseTokenPair(parsed);
  if (!pair) throw new ApiCallError('registry', 502, 'bad_answer', 'the registry answered without tokens', undefined, true);
  return sessionFromTokens(pair, Date.now());
}

export async function login(email: string, password: string): Promise<Session> {
  return tokensFrom(await postAuth('login', { email, password }));
}

async function refreshOnce(refreshToken: string): Promise<Session> {
  return tokensFrom(await postAuth('refresh', { refreshToken }));
}

export async function logout(refreshToken: string): Promise<void> {
  const res = await postAuth('logout', { refreshToken });
  if (!res.ok && res.status !== 400) throw errorFromResponse('registry', res.status, await res.text());
}

// One coalescer per process, shared by the middleware and the route handlers/server actions bundles.
const KEY = Symbol.for('switchyard.dashboard.refreshCoalescer');
type Holder = { [KEY]?: RefreshCoalescer<Session> };
const holder = globalThis as Holder;

export function refreshSession(refreshToken: string): Promise<Session> {
  holder[KEY] ??= new RefreshCoalescer<Session>({ refresh: refreshOnce });
  return holder[KEY].refresh(refreshToken);
}
