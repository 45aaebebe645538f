// Validated configuration: one zod schema per service, parsed once at start, read through a typed getter.
// Must not depend on any service, on I/O libraries, or on NestJS internals beyond the injection token.
export { loadConfig, ConfigError, formatConfigIssues } from './load-config';
export { ConfigService, CONFIG } from './config.service';
export * as env from './env-schemas';
