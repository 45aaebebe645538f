// Errors of calls to the platform's services, mapped from their one error body ({error: {status?, code, message, field?}}).
// Pure: no I/O, no Next.js. The message is what the user sees; it never carries a token or a service URL.

export type ServiceName = 'registry' | 'scheduler' | 'health-monitor' | 'billing' | 'gateway';

export class ApiCallError extends Error {
  override readonly name = 'ApiCallError';

  constructor(
    readonly service: ServiceName,
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field: string | undefined,
    readonly retryable: boolean,
  ) {
    super(message);
  }

  /** The session is gone (or was never there): the user must log in. */
  get unauthenticated(): boolean {
    return this.status === 401;
  }
}

const MAX_MESSAGE = 500;

function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

function fallbackMessage(service: ServiceName, status: number): string {
  if (status === 401) return 'your session has expired; log in again';
  if (status === 403) return 'you are not allowed to do this in this workspace';
  if (status === 404) return 'not found';
  if (status === 409) return 'conflict with the current state; reload and try again';
  if (status === 429) return 'too many requests; wait a moment and try again';
  if (status >= 500) return `${service} failed to answer (HTTP ${status}); try again`;
  return `request rejected (HTTP ${status})`;
}

/** Reads a non-2xx answer (its body as text, possibly not JSON) into an ApiCallError. */
export function errorFromResponse(service: ServiceName, status: number, bodyText: string): ApiCallError {
  let parsed: unknown = null;
  try {
    parsed = bodyText ? JSON.parse(bodyText) : null;
  } catch {
    parsed = null;
  }
  const err = parsed && typeof parsed === 'object' ? (parsed as { error?: unknown }).error : undefined;
  const body = err && typeof err === 'object' ? (err as Record<string, unknown>) : {};
  const code = typeof body.code === 'string' && body.code ? body.code.slice(0, 64) : `http_${status}`;
  const field = typeof body.field === 'string' && body.field ? body.field.slice(0, 200) : undefined;
  // 5xx details are never shown: the services answer "internal error" anyway.
  const message =
    status < 500 && typeof body.message === 'string' && body.message.trim()
      ? body.message.replace(/\s+/g, ' ').trim().slice(0, MAX_MESSAGE)
      : fallbackMessage(service, status);
  const retryable = typeof body.retryable === 'boolean' ? body.retryable : isRetryableStatus(status);
  return new ApiCallError(service, status, code, message, field, retryable);
}

/** A call that got no answer at all (connection refused, timeout). */
export function errorFromNetwork(service: ServiceName, error: unknown): ApiCallError {
  const name = (error as { name?: string } | null)?.name ?? '';
  const timedOut = name === 'TimeoutError' || name === 'AbortError';
  return new ApiCallError(service, timedOut ? 504 : 503, timedOut ? 'timeout' : 'unavailable', timedOut ? `${service} did not answer in time` : `${service} is not reachable`, undefined, true);
}

/** The one line the dashboard shows for an error: "field: message" when the service named a field. */
export function userMessage(error: unknown): string {
  if (error instanceof ApiCallError) {
    if (error.field && !error.message.startsWith(`${error.field}:`) && !error.message.startsWith(error.field)) return `${error.field}: ${error.message}`;
    return error.message;
  }
  return 'something went wrong; try again';
}
