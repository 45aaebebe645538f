import { decodeEvent, namespacedStream, Streams, type AnyEventEnvelope } from '@switchyard/contracts';
import type { NatsConnection } from './registry-harness';

export interface StoredEvent {
  seq: number;
  subject: string;
  msgId: string | undefined;
  env: AnyEventEnvelope;
}

/** Every message in the namespaced SY_CONTROL stream, in stream order, decoded. */
export async function readControlStream(nc: NatsConnection, namespace: string): Promise<StoredEvent[]> {
  const jsm = await nc.jetstreamManager();
  const name = namespacedStream(namespace, Streams.Control).name;
  const info = await jsm.streams.info(name);
  const out: StoredEvent[] = [];
  for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
    const m = await jsm.streams.getMessage(name, { seq });
    out.push({ seq, subject: m.subject, msgId: m.header?.get('Nats-Msg-Id') || undefined, env: decodeEvent(m.data) });
  }
  return out;
}
