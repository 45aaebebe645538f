import { randomBytes } from 'node:crypto';

const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** A fresh request id: 24 hex characters, cheap to make on the hot path. */
export function newRequestId(): string {
  return randomBytes(12).toString('hex');
}

/** The caller's x-request-id when it is a sane token, else a fresh one (never echo arbitrary bytes back). */
export function requestIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && SAFE_ID.test(value) ? value : newRequestId();
}

/** The trace id of a W3C `traceparent` header (version-traceid-parentid-flags), or undefined. */
export function traceIdFrom(traceparent: string | string[] | undefined): string | undefined {
  const value = Array.isArray(traceparent) ? traceparent[0] : traceparent;
  if (!value) return undefined;
  const match = /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/.exec(value.trim());
  if (!match || /^0+$/.test(match[1])) return undefined;
  return match[1];
}
