// A small client of the registry's REST API, as the dashboard or a script uses it: log in, then JSON calls.

export interface ApiAnswer<T> {
  status: number;
  body: T;
}

export class RegistryApiError extends Error {
  readonly retryable = false;
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly text: string,
  ) {
    super(`${method} ${path} -> ${status}: ${text.slice(0, 500)}`);
    this.name = 'RegistryApiError';
  }
}

export class RegistryClient {
  private token: string | null = null;

  constructor(readonly baseUrl: string) {}

  get accessToken(): string {
    if (!this.token) throw new Error('not logged in');
    return this.token;
  }

  async login(email: string, password: string): Promise<void> {
    const { body } = await this.call<{ accessToken: string }>('POST', '/api/v1/auth/login', { email, password });
    this.token = body.accessToken;
  }

  /** One call; throws RegistryApiError on a status outside 2xx unless listed in `allow`. */
  async call<T = Record<string, unknown>>(method: string, path: string, body?: unknown, allow: number[] = []): Promise<ApiAnswer<T>> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await res.text();
    if (!res.ok && !allow.includes(res.status)) throw new RegistryApiError(method, path, res.status, text);
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
  }

  post<T = Record<string, unknown>>(path: string, body?: unknown): Promise<T> {
    return this.call<T>('POST', path, body ?? {}).then((a) => a.body);
  }

  get<T = Record<string, unknown>>(path: string): Promise<T> {
    return this.call<T>('GET', path).then((a) => a.body);
  }
}
