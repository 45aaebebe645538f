import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createOpenAiAdapter } from './openai/openai.adapter';
import { PROVIDER_VENDORS, streams, translatesResponses } from './provider-adapter';
import { buildProviderRegistry, createProviderRegistry } from './provider-registry';

describe('provider registry', () => {
  it('has one adapter per vendor, keyed by its own vendor name', () => {
    const registry = createProviderRegistry();
    assert.deepEqual([...registry.keys()].sort(), [...PROVIDER_VENDORS].sort());
    for (const [vendor, adapter] of registry) assert.equal(adapter.vendor, vendor);
  });

  it('exposes optional abilities through type guards: all stream, only anthropic translates bodies', () => {
    const registry = createProviderRegistry();
    for (const adapter of registry.values()) assert.ok(streams(adapter), adapter.vendor);
    assert.deepEqual([...registry.values()].filter(translatesResponses).map((a) => a.vendor), ['anthropic']);
  });

  it('refuses two adapters for one vendor', () => {
    assert.throws(() => buildProviderRegistry([createOpenAiAdapter(), createOpenAiAdapter()]), /two provider adapters for vendor 'openai'/);
  });
});
