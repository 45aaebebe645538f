import {
  AckPolicy,
  DeliverPolicy,
  NatsError,
  nanos,
  ReplayPolicy,
  type ConsumerConfig,
  type ConsumerUpdateConfig,
  type JetStreamManager,
} from 'nats';
import { MessagingError } from './messaging.errors';

/** What the JetStream transport needs from its consumer. */
export interface ConsumerPlan {
  stream: string;
  /** Durable name (replicas share the work); undefined = an ephemeral consumer for this process. */
  durable?: string;
  /** Namespaced filter subjects, already without overlaps. Empty = the whole stream. */
  filters: string[];
  /** The server takes a list of filters (2.10+); otherwise `filters` has at most one entry. */
  multiFilter: boolean;
  ackWaitMs: number;
  maxAckPending: number;
  deliverNew: boolean;
  /** How long an ephemeral consumer survives its process (server-side clean-up). */
  inactiveThresholdMs: number;
  description: string;
}

const DURABLE_NAME = /^[A-Za-z0-9_-]{1,128}$/;

/** Pure: the editable part of the consumer configuration (what an update may change on an existing durable). */
export function consumerUpdateFor(plan: ConsumerPlan): Partial<ConsumerUpdateConfig> {
  // undefined (not '') clears a field: nats.js merges the update into the existing configuration.
  const filter: Partial<ConsumerUpdateConfig> =
    plan.filters.length === 0
      ? { filter_subject: undefined, filter_subjects: undefined }
      : plan.multiFilter && plan.filters.length > 1
        ? { filter_subjects: plan.filters, filter_subject: undefined }
        : { filter_subject: plan.filters[0], filter_subjects: undefined };
  return {
    description: plan.description,
    ack_wait: nanos(plan.ackWaitMs),
    // Redeliveries are counted and dead-lettered by the transport itself, so the server never drops a message.
    max_deliver: -1,
    max_ack_pending: plan.maxAckPending,
    ...filter,
  };
}

/** Pure: the full configuration for a new consumer. */
export function consumerConfigFor(plan: ConsumerPlan): Partial<ConsumerConfig> {
  const base: Partial<ConsumerConfig> = {
    ...consumerUpdateFor(plan),
    ack_policy: AckPolicy.Explicit,
    deliver_policy: plan.deliverNew ? DeliverPolicy.New : DeliverPolicy.All,
    replay_policy: ReplayPolicy.Instant,
  };
  if (base.filter_subject === undefined) delete base.filter_subject;
  if (base.filter_subjects === undefined) delete base.filter_subjects;
  if (plan.durable) return { ...base, durable_name: plan.durable };
  return { ...base, inactive_threshold: nanos(plan.inactiveThresholdMs) };
}

/** Refuses a durable name NATS would refuse or misread (dots and wildcards would change the API subject). */
export function assertDurableName(name: string): void {
  if (!DURABLE_NAME.test(name)) {
    throw new MessagingError(`invalid durable consumer name "${name}": use letters, digits, "_" or "-"`, { durable: name }, {
      retryable: false,
    });
  }
}

/** True for the API error 'consumer not found'. */
export function isConsumerNotFound(err: unknown): boolean {
  return err instanceof NatsError && (err.api_error?.err_code === 10014 || err.code === '404');
}

/**
 * Creates the consumer, or updates the editable fields of an existing durable (its start position is kept).
 * Returns the consumer's name.
 */
export async function ensureConsumer(jsm: JetStreamManager, plan: ConsumerPlan): Promise<string> {
  if (plan.durable) {
    assertDurableName(plan.durable);
    try {
      await jsm.consumers.info(plan.stream, plan.durable);
      const info = await jsm.consumers.update(plan.stream, plan.durable, consumerUpdateFor(plan));
      return info.name;
    } catch (err) {
      if (!isConsumerNotFound(err)) throw err;
    }
  }
  const info = await jsm.consumers.add(plan.stream, consumerConfigFor(plan));
  return info.name;
}
