// Switchyard's wire contracts: proto-generated events and usage record, subjects, streams, envelopes, snapshots.
// Must not depend on nats, ioredis, kafkajs, prisma, undici or any service: only on @bufbuild/protobuf (and node:crypto
// for sealing provider credentials on the bus).
export * from './errors';
export * from './subjects';
export * from './streams';
export * from './registry.types';
export * from './event-payloads';
export { EventSchemas } from './event-schemas';
export * from './envelope';
export * from './usage-record';
export * from './snapshot';
export * from './credentials.seal';
export * as pb from './proto';
