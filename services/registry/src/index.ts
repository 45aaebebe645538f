// The registry service: the control-plane API and the only writer of configuration (PostgreSQL schema `registry`).
// Must not be imported by other services; they learn about changes through its events and snapshot.
export { startRegistryService } from './registry.app';
export { registryConfigSchema, type RegistryConfig } from './registry.config';
