import type { RegistrySnapshot } from '@switchyard/contracts';

/** Where deployments' health-check settings and providers' keys come from (the registry, over NATS). */
export interface RegistrySource {
  /** The current registry snapshot; rejects when the registry cannot be reached. */
  snapshot(): Promise<RegistrySnapshot>;
}
export const REGISTRY_SOURCE = Symbol('health-monitor.registry-source');
