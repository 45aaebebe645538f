/** Shows only the last 4 characters of a secret: "sk-…abcd". Short secrets are fully hidden. */
export function maskSecret(secret: string): string {
  if (secret.length <= 8) return '****';
  return `****${secret.slice(-4)}`;
}

const SECRET_KEYS = /^(password|secret|apikey|api_key|token|accesstoken|refreshtoken|authorization|api-key|x-api-key|masterkey|datakey)$/i;

/** A deep copy with every value under a secret-looking key replaced by "[redacted]" (for audit logs, errors). */
export function redactSecrets<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => redactSecrets(v)) as T;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      out[key] = SECRET_KEYS.test(key) ? '[redacted]' : redactSecrets(v);
    }
    return out as T;
  }
  return value;
}
