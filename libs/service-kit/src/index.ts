// The frame every Switchyard service runs in: NestJS on Fastify, validated config, pino logs with request ids,
// /healthz, /readyz, /metrics, and a bounded graceful shutdown. Must not depend on any service or I/O client.
export { bootstrapService, loadConfigOrExit, type ServiceDefinition, type RunningService } from './bootstrap';
export { ServiceKitModule, LOGGER, METRICS, SERVICE_NAME } from './service-kit.module';
export { ReadinessRegistry, type ReadinessCheck, type ReadinessReport } from './readiness.registry';
export { PinoNestLogger } from './pino-nest.logger';
