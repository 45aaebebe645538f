/** Keys whose values never reach the audit log (secrets, password hashes, tokens, wrapped keys, key hashes). */
const SECRET_KEY = /secret|password|token|apiKey|key$|hash$|ciphertext/i;

export const REDACTED = '[redacted]';

/**
 * A JSON-safe deep copy for audit before/after: secret-looking keys replaced by "[redacted]", Dates as ISO
 * strings, bigints and Prisma decimals as strings, undefined dropped. Pure.
 */
export function redactForAudit(value: unknown): unknown {
  if (value === undefined) return null;
  return JSON.parse(JSON.stringify(value, replacer)) as unknown;
}

function replacer(this: unknown, key: string, value: unknown): unknown {
  if (key !== '' && SECRET_KEY.test(key) && value !== null && value !== undefined) return REDACTED;
  if (typeof value === 'bigint') return value.toString();
  return value;
}
