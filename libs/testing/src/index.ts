// Test helpers: each test file gets its own PostgreSQL schema, Redis key prefix and NATS namespace, so files
// run in parallel on one machine without colliding. Must not be imported by production code.
export { uniqueId, natsNamespace, redisPrefix } from './unique-names';
export { createTestSchema, testDatabaseUrl, type TestSchema } from './postgres-schema';
export { waitFor, sleep } from './wait-for';
export { getFreePort } from './free-port';
export { TcpProxy } from './tcp-proxy';
