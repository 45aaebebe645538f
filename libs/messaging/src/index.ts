// NATS for Switchyard: connection, JetStream provisioning, event publishing, signals, request/reply, the
// @EventPattern JetStream transport and the outbox relay. Must not depend on any service or on PostgreSQL/Redis.
export { MessagingError, PublishError, RequestError, type RequestErrorCode } from './messaging.errors';
export { connectNats, drainNats, redactUrl, NatsConnection, type ConnectNatsOptions } from './nats-connection';
export {
  ensureStreams,
  streamConfigFor,
  streamNeedsUpdate,
  type StreamProvisionAction,
  type StreamProvisionResult,
} from './stream-provisioner';
export { EventPublisher, type PublishResult } from './event.publisher';
export { SignalBus, MAX_SIGNAL_BYTES } from './signal.bus';
export {
  RequestClient,
  errorReplyFor,
  ERROR_REPLY_HEADER,
  DEFAULT_REQUEST_TIMEOUT_MS,
  type RequestHandler,
} from './request.client';
export {
  MessagingModule,
  MESSAGING_OPTIONS,
  NATS_READINESS_CHECK,
  type MessagingModuleOptions,
} from './messaging.module';
export { JetStreamServer } from './jetstream.server';
export type { JetStreamServerOptions } from './jetstream-server.options';
export { JetStreamContext } from './jetstream.context';
export { DeadLetterHeaders, deadLetterHeaders, headerSafe, type DeadLetterReason, type DeadLetterInfo } from './dead-letter';
export { consumerConfigFor, consumerUpdateFor, ensureConsumer, type ConsumerPlan } from './jetstream-consumer';
export { KeyedLimiter } from './keyed-limiter';
export {
  subjectMatches,
  patternCovers,
  minimalFilters,
  coveringFilter,
  isValidPattern,
  redeliveryDelayMs,
} from './subject-pattern';
export {
  OutboxRelay,
  envelopeBytes,
  publishOrder,
  relayDelayMs,
  type OutboxRow,
  type OutboxSource,
  type OutboxRelayOptions,
  type RelayPass,
} from './outbox.relay';
