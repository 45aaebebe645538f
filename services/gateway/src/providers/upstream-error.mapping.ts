// OpenAI-format errors: the shape every upstream failure is mapped to, secret redaction, and the wire forms
// (JSON body, SSE error event).
import type { ProviderCredential } from './provider-adapter';

export type OpenAiErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found_error'
  | 'rate_limit_error'
  | 'server_error'
  | 'overloaded_error'
  | 'upstream_error';

export interface OpenAiError {
  /** HTTP status the gateway should answer with. */
  status: number;
  type: OpenAiErrorType;
  code: string | null;
  message: string;
  /** Another attempt (other key, instance or provider) may succeed. */
  retryable: boolean;
}

export interface OpenAiErrorBody {
  error: { message: string; type: string; code: string | null; param: null };
}

const MAX_MESSAGE_LENGTH = 1000;

/** Statuses worth another attempt on another target. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 425 || status === 429 || status >= 500;
}

export function errorTypeForStatus(status: number): OpenAiErrorType {
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  if (status === 429) return 'rate_limit_error';
  if (status === 503 || status === 529) return 'overloaded_error';
  if (status >= 500) return 'server_error';
  return 'invalid_request_error';
}

const KEY_PATTERNS: RegExp[] = [
  // OpenAI / Anthropic / project keys, also when partially masked (sk-abc***xyz).
  /\bsk-[A-Za-z0-9_\-*.]{3,}/g,
  // "Incorrect API key provided: <anything>."
  /(api[ _-]?key provided:\s*)\S+/gi,
  // Bearer tokens echoed back.
  /(bearer\s+)[A-Za-z0-9_\-.~+/=*]{8,}/gi,
];

/** Removes anything that looks like a credential (and the given secret verbatim) from a message. */
export function redactSecrets(text: string, credential?: ProviderCredential): string {
  let out = text;
  if (credential && credential.secret.length >= 4) out = out.split(credential.secret).join('[redacted]');
  for (const pattern of KEY_PATTERNS) {
    out = out.replace(pattern, (match: string, prefix?: string) =>
      typeof prefix === 'string' && match.startsWith(prefix) ? `${prefix}[redacted]` : '[redacted]',
    );
  }
  return out;
}

export function cleanMessage(text: string, credential?: ProviderCredential): string {
  const redacted = redactSecrets(text, credential).trim();
  return redacted.length > MAX_MESSAGE_LENGTH ? `${redacted.slice(0, MAX_MESSAGE_LENGTH)}…` : redacted;
}

export function toOpenAiErrorBody(error: OpenAiError): OpenAiErrorBody {
  return { error: { message: error.message, type: error.type, code: error.code, param: null } };
}

/** The SSE event that tells an OpenAI client the stream failed (what OpenAI itself sends mid-stream). */
export function toOpenAiErrorEvent(error: OpenAiError): string {
  return `data: ${JSON.stringify(toOpenAiErrorBody(error))}\n\n`;
}
