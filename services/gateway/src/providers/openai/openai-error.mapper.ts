// An OpenAI-shaped upstream's non-2xx answer ({"error":{message,type,code}}, or anything else) as the
// gateway's OpenAI-format error. Credentials echoed by the upstream are redacted.
import type { ProviderCredential } from '../provider-adapter';
import { asRecord, asString, parseJson } from '../shared/json-guards';
import { cleanMessage, errorTypeForStatus, isRetryableStatus, type OpenAiError } from '../upstream-error.mapping';

export function mapOpenAiError(status: number, bodyText: string, credential?: ProviderCredential): OpenAiError {
  const parsed = parseJson(bodyText);
  const root = parsed.ok ? asRecord(parsed.value) : undefined;
  // OpenAI: {"error":{...}}; vLLM/TGI sometimes {"message":..., "type":...} or {"error": "text"}.
  const error = asRecord(root?.error) ?? root;
  const rawMessage = asString(error?.message) ?? asString(root?.error) ?? asString(root?.detail);
  const rawCode = error?.code;
  const code = typeof rawCode === 'string' ? rawCode : typeof rawCode === 'number' ? String(rawCode) : null;
  const message = rawMessage ? cleanMessage(rawMessage, credential) : `upstream answered HTTP ${status}`;
  const effectiveStatus = status >= 400 && status <= 599 ? status : 502;
  return {
    status: effectiveStatus,
    type: errorTypeForStatus(effectiveStatus),
    code,
    message,
    retryable: isRetryableStatus(effectiveStatus),
  };
}
