// Structured logging (pino, with request and trace ids, secrets redacted) and Prometheus metrics (prom-client).
// Must not depend on any service, on NATS/Redis/PostgreSQL clients, or on NestJS.
export { createLogger, REDACTED_PATHS, type Logger, type LoggerOptions } from './logger';
export { createMetrics, type Metrics } from './metrics';
export { requestIdFrom, traceIdFrom, newRequestId } from './request-ids';
export { redactSecrets, maskSecret } from './redact';
