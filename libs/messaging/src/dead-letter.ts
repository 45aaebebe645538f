import { headers as natsHeaders, type MsgHdrs } from 'nats';

/** Headers a dead letter carries besides the original ones (the body is the original bytes, untouched). */
export const DeadLetterHeaders = {
  /** 'undecodable' | 'handler-failed' | 'max-deliver-exceeded' | 'foreign-subject'. */
  Reason: 'Sy-Dlq-Reason',
  /** The failure, one line, at most 1 KiB (the last handler error, the decode error). */
  Error: 'Sy-Dlq-Error',
  /** The original subject, without namespace. */
  Subject: 'Sy-Dlq-Subject',
  Stream: 'Sy-Dlq-Stream',
  StreamSequence: 'Sy-Dlq-Stream-Seq',
  Consumer: 'Sy-Dlq-Consumer',
  Service: 'Sy-Dlq-Service',
  Deliveries: 'Sy-Dlq-Deliveries',
  /** ISO time of the dead-lettering. */
  Time: 'Sy-Dlq-Time',
} as const;

export type DeadLetterReason = 'undecodable' | 'handler-failed' | 'max-deliver-exceeded' | 'foreign-subject';

export interface DeadLetterInfo {
  reason: DeadLetterReason;
  error: string;
  subject: string;
  stream: string;
  streamSequence: number;
  consumer: string;
  service: string;
  deliveries: number;
  time: Date;
}

/** Pure: one printable line of at most `max` characters (a header value must not carry CR/LF). */
export function headerSafe(value: string, max = 1_024): string {
  let line = '';
  for (const ch of value) {
    const code = ch.codePointAt(0) ?? 0;
    line += code < 0x20 || code === 0x7f ? ' ' : ch;
  }
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

// Headers of the original message we must not copy: dedup and publish expectations belong to the original stream.
const DROPPED = /^nats-(msg-id|expected-)/i;

/** The dead letter's headers: the original ones (minus Nats-* publish controls) and the failure description. */
export function deadLetterHeaders(original: MsgHdrs | undefined, info: DeadLetterInfo): MsgHdrs {
  const h = natsHeaders();
  if (original) {
    for (const key of original.keys()) {
      if (DROPPED.test(key) || key.toLowerCase().startsWith('sy-dlq-')) continue;
      for (const v of original.values(key)) h.append(key, v);
    }
  }
  h.set(DeadLetterHeaders.Reason, info.reason);
  h.set(DeadLetterHeaders.Error, headerSafe(info.error) || '-');
  h.set(DeadLetterHeaders.Subject, headerSafe(info.subject));
  h.set(DeadLetterHeaders.Stream, info.stream);
  h.set(DeadLetterHeaders.StreamSequence, String(info.streamSequence));
  h.set(DeadLetterHeaders.Consumer, info.consumer);
  h.set(DeadLetterHeaders.Service, info.service);
  h.set(DeadLetterHeaders.Deliveries, String(info.deliveries));
  h.set(DeadLetterHeaders.Time, info.time.toISOString());
  return h;
}
