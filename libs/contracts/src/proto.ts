// The generated protobuf-es code (src/gen, from proto/ by `npm run proto:gen`), re-exported as one module so
// index.ts can expose it under the `pb` namespace without clashing with the hand-written payload interfaces.
export * from './gen/switchyard/v1/envelope_pb';
export * from './gen/switchyard/v1/events_pb';
export * from './gen/switchyard/v1/registry_pb';
export * from './gen/switchyard/v1/usage_pb';
