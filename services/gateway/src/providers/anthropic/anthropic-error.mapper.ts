// Anthropic errors ({"type":"error","error":{"type":"overloaded_error","message":...}}), from an HTTP answer
// or an in-stream `error` event, as OpenAI-format errors.
import type { ProviderCredential } from '../provider-adapter';
import { asRecord, asString, parseJson } from '../shared/json-guards';
import {
  cleanMessage,
  errorTypeForStatus,
  isRetryableStatus,
  type OpenAiError,
  type OpenAiErrorType,
} from '../upstream-error.mapping';

interface Mapping {
  status: number;
  type: OpenAiErrorType;
  retryable: boolean;
}

const BY_ANTHROPIC_TYPE: Readonly<Record<string, Mapping>> = {
  invalid_request_error: { status: 400, type: 'invalid_request_error', retryable: false },
  authentication_error: { status: 401, type: 'authentication_error', retryable: false },
  billing_error: { status: 402, type: 'invalid_request_error', retryable: false },
  permission_error: { status: 403, type: 'permission_error', retryable: false },
  not_found_error: { status: 404, type: 'not_found_error', retryable: false },
  request_too_large: { status: 413, type: 'invalid_request_error', retryable: false },
  rate_limit_error: { status: 429, type: 'rate_limit_error', retryable: true },
  timeout_error: { status: 504, type: 'server_error', retryable: true },
  api_error: { status: 500, type: 'server_error', retryable: true },
  overloaded_error: { status: 503, type: 'overloaded_error', retryable: true },
};

/** `error` is the inner object ({type, message}); `status` the HTTP status (0 for an in-stream event). */
export function anthropicErrorToOpenAi(error: unknown, status: number, credential?: ProviderCredential): OpenAiError {
  const e = asRecord(error);
  const anthropicType = asString(e?.type);
  const known = anthropicType ? BY_ANTHROPIC_TYPE[anthropicType] : undefined;
  const fallbackStatus = status === 529 ? 503 : status >= 400 && status <= 599 ? status : 502;
  const mapping: Mapping = known ?? {
    status: fallbackStatus,
    type: errorTypeForStatus(fallbackStatus),
    retryable: isRetryableStatus(fallbackStatus),
  };
  const message = asString(e?.message);
  return {
    ...mapping,
    code: anthropicType ?? null,
    message: message ? cleanMessage(message, credential) : `upstream answered HTTP ${status}`,
  };
}

export function mapAnthropicError(status: number, bodyText: string, credential?: ProviderCredential): OpenAiError {
  const parsed = parseJson(bodyText);
  const inner = parsed.ok ? asRecord(asRecord(parsed.value)?.error) : undefined;
  return anthropicErrorToOpenAi(inner, status, credential);
}
