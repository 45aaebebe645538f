// Several usage records in one JetStream message: each record's protobuf bytes prefixed by its length
// (4 bytes, big-endian). One publish and one acknowledgement per frame set instead of per record. Pure.

export const BATCH_HEADER = 'sy-batch';
/** Keeps a message well under NATS's default 1 MB max payload. */
export const MAX_FRAME_BYTES = 512 * 1024;
export const MAX_RECORDS_PER_MESSAGE = 256;

export function encodeFrames(records: readonly Uint8Array[]): Uint8Array {
  let size = 0;
  for (const r of records) size += 4 + r.length;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  let at = 0;
  for (const r of records) {
    view.setUint32(at, r.length);
    out.set(r, at + 4);
    at += 4 + r.length;
  }
  return out;
}

/** Splits a frame set; throws RangeError on a truncated or inconsistent one (never returns a partial set). */
export function decodeFrames(data: Uint8Array): Uint8Array[] {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const out: Uint8Array[] = [];
  let at = 0;
  while (at < data.length) {
    if (at + 4 > data.length) throw new RangeError(`truncated frame header at byte ${at}`);
    const len = view.getUint32(at);
    if (at + 4 + len > data.length) throw new RangeError(`frame of ${len} bytes at byte ${at} runs past the message`);
    out.push(data.subarray(at + 4, at + 4 + len));
    at += 4 + len;
  }
  return out;
}

/** Groups records (in order) into frame sets bounded by count and bytes. */
export function groupForFrames<T extends { bytes: Uint8Array }>(records: readonly T[]): T[][] {
  const groups: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const r of records) {
    if (current.length > 0 && (current.length >= MAX_RECORDS_PER_MESSAGE || bytes + 4 + r.bytes.length > MAX_FRAME_BYTES)) {
      groups.push(current);
      current = [];
      bytes = 0;
    }
    current.push(r);
    bytes += 4 + r.bytes.length;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}
