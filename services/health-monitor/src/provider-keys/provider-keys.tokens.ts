import type { HealthPolicy } from '../domain/health-policy';

export const PROVIDER_KEY_POLICY = Symbol('health-monitor.provider-key-policy');
export type ProviderKeyPolicy = HealthPolicy;

/** The synthetic pool id under which a provider's keys are recorded in the health store. */
export const providerPoolId = (providerId: string) => `provider:${providerId}`;
