// Request ids for the hot path: the caller's sane x-request-id, else 24 random hex characters cut from a pooled
// buffer (one randomFillSync per 512 ids instead of one randomBytes call per request).
import { randomFillSync } from 'node:crypto';
import { requestIdFrom } from '@switchyard/observability';

const ID_BYTES = 12;
const IDS_PER_FILL = 512;
const pool = Buffer.allocUnsafe(ID_BYTES * IDS_PER_FILL);
let next = IDS_PER_FILL;

/** A fresh request id: 24 hex characters, the format of @switchyard/observability's newRequestId. */
export function pooledRequestId(): string {
  if (next === IDS_PER_FILL) {
    randomFillSync(pool);
    next = 0;
  }
  const offset = next++ * ID_BYTES;
  return pool.toString('hex', offset, offset + ID_BYTES);
}

/** The caller's x-request-id when it is a sane token (same rule as the service kit), else a fresh one. */
export function requestIdFor(header: string | string[] | undefined): string {
  return header === undefined ? pooledRequestId() : requestIdFrom(header);
}

/**
 * The usage ledger's key for a request: the request id when the gateway minted it, a fresh one when the client
 * chose it (billing deduplicates by this key, so a client-chosen one would let a client be billed once for many).
 */
export function ledgerIdFor(requestId: string, header: string | string[] | undefined): string {
  const sent = Array.isArray(header) ? header[0] : header;
  return sent === requestId ? pooledRequestId() : requestId;
}
