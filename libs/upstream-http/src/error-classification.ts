// Pure mapping of Node/undici failures and HTTP statuses onto UpstreamError kinds and retryability.
import { UpstreamError, type UpstreamFailureKind } from './upstream.error';

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);
const CONNECT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'UND_ERR_DESTROYED', 'ECONNABORTED']);
const PROTOCOL_CODES = new Set([
  'HPE_INVALID_CONSTANT',
  'HPE_INVALID_CHUNK_SIZE',
  'HPE_INVALID_HEADER_TOKEN',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
  'UND_ERR_RES_EXCEEDED_MAX_SIZE',
  'UND_ERR_INFO',
]);

function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  const cause = (error as { cause?: unknown }).cause;
  return cause === error ? undefined : codeOf(cause);
}

function nameOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && typeof (error as { name?: unknown }).name === 'string'
    ? (error as { name: string }).name
    : undefined;
}

/** The kind of a thrown transport error. `aborted` wins when the caller's signal fired. */
export function classifyTransportError(error: unknown, aborted: boolean): UpstreamFailureKind {
  if (aborted) return 'aborted';
  const code = codeOf(error);
  if (code === 'UND_ERR_ABORTED' || nameOf(error) === 'AbortError') return 'aborted';
  if (code !== undefined) {
    if (TIMEOUT_CODES.has(code)) return 'timeout';
    if (CONNECT_CODES.has(code)) return 'connect';
    if (RESET_CODES.has(code)) return 'reset';
    if (PROTOCOL_CODES.has(code) || code.startsWith('HPE_')) return 'protocol';
  }
  return 'reset';
}

/** Statuses worth another attempt elsewhere: 408, 409, 425, 429 and every 5xx. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 425 || status === 429 || status >= 500;
}

const KIND_MESSAGES: Record<UpstreamFailureKind, string> = {
  connect: 'could not connect to the upstream',
  timeout: 'the upstream timed out',
  reset: 'the upstream connection was reset',
  status: 'the upstream answered with an error status',
  protocol: 'the upstream broke the HTTP protocol',
  aborted: 'the request was cancelled',
};

/**
 * An UpstreamError for a transport failure. `phase` says whether response headers had arrived: a failure while
 * the body streams is not retryable by this layer (the caller decides whether bytes reached its client).
 */
export function toUpstreamError(
  error: unknown,
  ctx: { instanceId: string; aborted: boolean; phase: 'request' | 'body'; timeoutDetail?: string },
): UpstreamError {
  if (error instanceof UpstreamError) return error;
  const kind = classifyTransportError(error, ctx.aborted);
  const code = codeOf(error);
  let message = KIND_MESSAGES[kind];
  if (kind === 'timeout') {
    message =
      code === 'UND_ERR_CONNECT_TIMEOUT'
        ? 'connect timeout'
        : code === 'UND_ERR_BODY_TIMEOUT'
          ? 'idle timeout while streaming the response'
          : 'first-byte timeout';
  }
  const retryable = kind !== 'aborted' && ctx.phase === 'request';
  return new UpstreamError(`${message}${code ? ` (${code})` : ''}`, ctx.instanceId, kind, undefined, retryable, { cause: error });
}

/** An UpstreamError for an answered error status (the body was read by the caller if it needs it). */
export function statusError(instanceId: string, status: number): UpstreamError {
  return new UpstreamError(`upstream answered HTTP ${status}`, instanceId, 'status', status, isRetryableStatus(status));
}
