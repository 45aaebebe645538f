// Narrowing helpers for untrusted JSON (client bodies, upstream answers).

export type JsonRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asRecord(value: unknown): JsonRecord | undefined {
  return isRecord(value) ? value : undefined;
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A finite non-negative number, else undefined (token counts). */
export function asCount(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** JSON.parse without throwing: `ok: false` for malformed text. */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/** `${base}${path}` with exactly one slash between them. */
export function joinUrl(baseUrl: string, path: string): string {
  // The common case (per request): no slash to trim on either side.
  if (baseUrl.charCodeAt(baseUrl.length - 1) !== 47 && path.charCodeAt(0) !== 47) return `${baseUrl}/${path}`;
  return `${baseUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}
