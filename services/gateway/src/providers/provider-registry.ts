// vendor -> adapter, built once at gateway start.
import { createAnthropicAdapter } from './anthropic/anthropic.adapter';
import { createAzureAdapter } from './azure/azure.adapter';
import { createOpenAiCompatibleAdapter } from './openai-compatible/openai-compatible.adapter';
import { createOpenAiAdapter } from './openai/openai.adapter';
import type { ProviderAdapter, ProviderVendor } from './provider-adapter';

export type ProviderRegistry = ReadonlyMap<ProviderVendor, ProviderAdapter>;

export function buildProviderRegistry(adapters: readonly ProviderAdapter[]): ProviderRegistry {
  const registry = new Map<ProviderVendor, ProviderAdapter>();
  for (const adapter of adapters) {
    if (registry.has(adapter.vendor)) throw new Error(`two provider adapters for vendor '${adapter.vendor}'`);
    registry.set(adapter.vendor, adapter);
  }
  return registry;
}

export function createProviderRegistry(): ProviderRegistry {
  return buildProviderRegistry([
    createOpenAiAdapter(),
    createOpenAiCompatibleAdapter(),
    createAzureAdapter(),
    createAnthropicAdapter(),
  ]);
}
