import { ContractError } from './errors';

/**
 * A JetStream stream as data: the messaging library provisions it (mapping these fields onto the NATS client's
 * StreamConfig). Sizes and ages are the defaults we run with; operators may raise them.
 */
export interface StreamDefinition {
  name: string;
  subjects: readonly string[];
  description: string;
  /** 'limits': kept until max age (many independent consumers); 'workqueue' would delete on ack. */
  retention: 'limits';
  maxAgeSeconds: number;
  /** Window in which a repeated Nats-Msg-Id is dropped (the outbox relay sets it to the event id). */
  duplicateWindowSeconds: number;
}

/** The usage record topic (Kafka) and subject (JetStream): protobuf-binary UsageRecord, keyed by workspace. */
export const USAGE_TOPIC = 'usage.records.v1';

export const Streams = {
  /** Control-plane events (every `sy.` subject), in envelopes. */
  Control: {
    name: 'SY_CONTROL',
    subjects: ['sy.>'],
    description: 'Switchyard control-plane events (EventEnvelope JSON)',
    retention: 'limits',
    maxAgeSeconds: 7 * 24 * 3600,
    duplicateWindowSeconds: 120,
  },
  /** Usage records on one machine (Kafka topic of the same name when KAFKA_BROKERS is set). */
  Usage: {
    name: 'SY_USAGE',
    subjects: [USAGE_TOPIC],
    description: 'Switchyard usage records (UsageRecord protobuf binary)',
    retention: 'limits',
    maxAgeSeconds: 7 * 24 * 3600,
    duplicateWindowSeconds: 120,
  },
  /** Messages a consumer gave up on: `dlq.<original subject>`, original bytes, failure in headers. */
  DeadLetter: {
    name: 'SY_DLQ',
    subjects: ['dlq.>'],
    description: 'Switchyard dead letters',
    retention: 'limits',
    maxAgeSeconds: 14 * 24 * 3600,
    duplicateWindowSeconds: 120,
  },
} as const satisfies Record<string, StreamDefinition>;

export type StreamName = keyof typeof Streams;

/** The dead-letter subject for a message that failed on `subject` (namespace it like any other subject). */
export function deadLetterSubject(subject: string): string {
  return `dlq.${subject}`;
}

// A namespace is one subject token that is also valid in a stream name.
const NAMESPACE = /^[A-Za-z0-9_-]+$/;

function checkNamespace(ns: string): void {
  if (ns !== '' && !NAMESPACE.test(ns)) {
    throw new ContractError(`invalid namespace "${ns}": use letters, digits, "_" or "-"`, {
      contract: 'namespace',
      namespace: ns,
    });
  }
}

/**
 * The subject as published under namespace `ns` (test isolation): '' leaves it unchanged, 't123' gives
 * 't123.sy.deployment.scaled'. Works for wildcards ('sy.>' -> 't123.sy.>') and Kafka topic names alike.
 */
export function namespacedSubject(ns: string, subject: string): string {
  checkNamespace(ns);
  return ns === '' ? subject : `${ns}.${subject}`;
}

/** A stream definition under namespace `ns`: name 't123_SY_CONTROL', subjects 't123.sy.>'. */
export function namespacedStream<D extends StreamDefinition>(ns: string, def: D): D {
  checkNamespace(ns);
  if (ns === '') return def;
  return { ...def, name: `${ns}_${def.name}`, subjects: def.subjects.map((s) => `${ns}.${s}`) };
}

/**
 * The un-namespaced subject of a message received under namespace `ns` ('t123.sy.route.changed' ->
 * 'sy.route.changed'). Throws ContractError for a subject outside the namespace: it was never ours.
 */
export function stripNamespace(ns: string, subject: string): string {
  checkNamespace(ns);
  if (ns === '') return subject;
  const prefix = `${ns}.`;
  if (!subject.startsWith(prefix) || subject.length === prefix.length) {
    throw new ContractError(`subject "${subject}" is not in namespace "${ns}"`, {
      contract: 'namespace',
      namespace: ns,
      subject,
    });
  }
  return subject.slice(prefix.length);
}
