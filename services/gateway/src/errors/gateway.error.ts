// Every answer the gateway refuses or fails with, as one class carrying the HTTP status and OpenAI's error shape
// ({"error":{"message","type","code","param"}}). Messages name the route, deployment or parameter, never a secret.
import type { OpenAiError } from '../providers';

export type GatewayErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found_error'
  | 'rate_limit_error'
  | 'insufficient_quota'
  | 'server_error'
  | 'overloaded_error'
  | 'upstream_error'
  | 'timeout_error';

export interface OpenAiErrorResponseBody {
  error: { message: string; type: string; code: string | null; param: string | null };
}

export class GatewayError extends Error {
  constructor(
    readonly status: number,
    readonly type: GatewayErrorType,
    readonly code: string | null,
    message: string,
    readonly param: string | null = null,
    /** Another attempt (other instance or target) may succeed. */
    readonly retryable = false,
    /** Extra response headers, e.g. Retry-After. */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'GatewayError';
  }

  toBody(): OpenAiErrorResponseBody {
    return { error: { message: this.message, type: this.type, code: this.code, param: this.param } };
  }

  /** Outcome class for usage records and metrics. */
  get isClientError(): boolean {
    return this.status < 500;
  }
}

export const GatewayErrors = {
  missingKey: () =>
    new GatewayError(401, 'authentication_error', 'missing_api_key', 'You did not provide an API key: send "Authorization: Bearer <key>".'),
  invalidKey: () => new GatewayError(401, 'authentication_error', 'invalid_api_key', 'Incorrect API key provided.'),
  revokedKey: () => new GatewayError(401, 'authentication_error', 'revoked_api_key', 'This API key has been revoked.'),
  expiredKey: () => new GatewayError(401, 'authentication_error', 'expired_api_key', 'This API key has expired.'),
  workspaceDisabled: () => new GatewayError(403, 'permission_error', 'workspace_disabled', 'The workspace of this API key is disabled.'),
  routeNotAllowed: (model: string) =>
    new GatewayError(403, 'permission_error', 'model_not_allowed', `This API key is not allowed to use the model '${model}'.`, 'model'),
  unknownModel: (model: string) =>
    new GatewayError(404, 'not_found_error', 'model_not_found', `The model '${model}' does not exist or you do not have access to it.`, 'model'),
  invalidBody: (message: string, param: string | null = null, code = 'invalid_request') =>
    new GatewayError(400, 'invalid_request_error', code, message, param),
  tooLarge: (limit: number) =>
    new GatewayError(413, 'invalid_request_error', 'request_too_large', `The request body is larger than ${limit} bytes.`),
  rateLimited: (reason: 'requests' | 'tokens', retryAfterSeconds: number) =>
    new GatewayError(
      429,
      'rate_limit_error',
      reason === 'tokens' ? 'tokens_per_minute_exceeded' : 'requests_per_minute_exceeded',
      `Rate limit reached for this API key (${reason} per minute). Retry after ${retryAfterSeconds} s.`,
      null,
      false,
      { 'retry-after': String(Math.max(1, Math.ceil(retryAfterSeconds))) },
    ),
  budgetExceeded: (scope: 'workspace' | 'api-key') =>
    new GatewayError(
      402,
      'insufficient_quota',
      'budget_exceeded',
      scope === 'workspace' ? 'The monthly budget of this workspace is exhausted.' : 'The monthly budget of this API key is exhausted.',
    ),
  deploymentStopped: (name: string) =>
    new GatewayError(503, 'overloaded_error', 'deployment_stopped', `deployment ${name} is stopped`, null, true),
  noHealthyInstance: (name: string) =>
    new GatewayError(503, 'overloaded_error', 'no_healthy_instance', `no healthy instance for deployment ${name}`, null, true),
  providerUnavailable: (name: string) =>
    new GatewayError(503, 'overloaded_error', 'provider_unavailable', `provider ${name} has no usable credentials`, null, true),
  noTarget: (route: string) =>
    new GatewayError(503, 'overloaded_error', 'no_target_available', `no target of route ${route} can serve this request`, null, true),
  upstreamFailed: (detail: string) => new GatewayError(502, 'upstream_error', 'upstream_error', `upstream failure: ${detail}`, null, true),
  upstreamTimeout: (detail: string) => new GatewayError(504, 'timeout_error', 'upstream_timeout', `upstream timeout: ${detail}`, null, true),
  internal: () => new GatewayError(500, 'server_error', 'internal_error', 'The gateway failed to handle this request.'),
  methodNotAllowed: () => new GatewayError(405, 'invalid_request_error', 'method_not_allowed', 'Method not allowed.'),
};

/** A provider adapter's OpenAI-format error (mapped upstream answer or refused body) as a GatewayError. */
export function fromOpenAiError(error: OpenAiError, param: string | null = null): GatewayError {
  return new GatewayError(error.status, error.type, error.code, error.message, param, error.retryable);
}
