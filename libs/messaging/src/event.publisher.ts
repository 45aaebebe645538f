import { Injectable } from '@nestjs/common';
import { ErrorCode, NatsError } from 'nats';
import {
  createEnvelope,
  encodeEvent,
  Subjects,
  type EnvelopeMeta,
  type EventEnvelope,
  type EventPayloads,
  type EventType,
} from '@switchyard/contracts';
import { PublishError } from './messaging.errors';
import { NatsConnection } from './nats-connection';

const PUBLISH_TIMEOUT_MS = 5_000;

/** What a JetStream publish answered (a repeated msgID within the duplicate window is `duplicate`). */
export interface PublishResult {
  stream: string;
  seq: number;
  duplicate: boolean;
}

/** Durable control-plane events: JetStream publish, deduplicated by event id. */
@Injectable()
export class EventPublisher {
  constructor(private readonly conn: NatsConnection) {}

  /**
   * Encodes (strictly; a ContractError is not retryable) and publishes to the namespaced Subjects[env.type] with
   * msgID = env.id. Rejects with a retryable PublishError when NATS is unavailable or no stream took it.
   */
  async publish(env: EventEnvelope): Promise<void> {
    const bytes = encodeEvent(env);
    await this.publishRaw(Subjects[env.type], bytes, env.id);
  }

  /** createEnvelope(type, data, {source: service, ...meta}) then publish. Returns the envelope. */
  async emit<T extends EventType>(
    type: T,
    data: EventPayloads[T],
    meta: Omit<EnvelopeMeta, 'source'>,
  ): Promise<EventEnvelope<T>> {
    const env = createEnvelope(type, data, { ...meta, source: this.conn.service });
    await this.publish(env as EventEnvelope);
    return env;
  }

  /** Publishes bytes as they are (the outbox relay): `subject` un-namespaced, `msgId` the dedup key. */
  async publishRaw(subject: string, bytes: Uint8Array, msgId: string, timeoutMs = PUBLISH_TIMEOUT_MS): Promise<PublishResult> {
    const target = this.conn.subject(subject);
    if (!this.conn.isConnected()) {
      throw new PublishError('NATS is not connected', { subject, msgId }, { retryable: true });
    }
    try {
      const ack = await this.conn.js().publish(target, bytes, { msgID: msgId, timeout: timeoutMs });
      return { stream: ack.stream, seq: ack.seq, duplicate: ack.duplicate };
    } catch (err) {
      throw toPublishError(err, subject, msgId);
    }
  }
}

function toPublishError(err: unknown, subject: string, msgId: string): PublishError {
  const code = err instanceof NatsError ? err.code : undefined;
  const reason =
    code === ErrorCode.NoResponders
      ? 'no stream captures the subject'
      : code === ErrorCode.Timeout
        ? 'publish timed out'
        : err instanceof Error
          ? err.message
          : String(err);
  const retryable = !(err instanceof NatsError && code === ErrorCode.BadPayload);
  return new PublishError(`publish to ${subject} failed: ${reason}`, { subject, msgId, code }, { cause: err, retryable });
}
