import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '@switchyard/config';
import { defaultPolicy, healthMonitorConfigSchema, providerKeyPolicy } from './health-monitor.config';

const load = (env: Record<string, string>) => loadConfig('health-monitor', healthMonitorConfigSchema, env);

describe('health monitor configuration', () => {
  it('has working defaults: port 3003, 50% cap, 3 failures / 2 successes, a generated replica id', () => {
    const c = load({});
    assert.equal(c.PORT, 3003);
    assert.equal(c.REDIS_PREFIX, 'sy:');
    assert.match(c.HEALTH_MONITOR_REPLICA_ID, /^[A-Za-z0-9._-]+$/);
    const p = defaultPolicy(c);
    assert.equal(p.maxEjectionShare, 0.5);
    assert.equal(p.failureThreshold, 3);
    assert.equal(p.successThreshold, 2);
    assert.equal(p.baseEjectionMs, p.intervalMs);
    assert.equal(p.skipProbeWhenPassiveOk, true);
  });

  it('prefers HEALTH_MONITOR_PORT over PORT and reads the probe and key settings', () => {
    const c = load({ PORT: '4000', HEALTH_MONITOR_PORT: '4100', MAX_EJECTION_PERCENT: '25', SKIP_PROBE_WHEN_PASSIVE_OK: 'false', PROVIDER_KEY_COOLDOWN_MS: '1000', BASE_EJECTION_MS: '700' });
    assert.equal(c.PORT, 4100);
    assert.equal(defaultPolicy(c).maxEjectionShare, 0.25);
    assert.equal(defaultPolicy(c).skipProbeWhenPassiveOk, false);
    assert.equal(defaultPolicy(c).baseEjectionMs, 700);
    const k = providerKeyPolicy(c);
    assert.equal(k.baseEjectionMs, 1000);
    assert.equal(k.successThreshold, 1);
    assert.equal(load({ PORT: '4000' }).PORT, 4000);
  });

  it('names every bad variable', () => {
    assert.throws(
      () => load({ MAX_EJECTION_PERCENT: '150', PROBE_INTERVAL_MS: '0', REDIS_URL: 'http://x', HEALTH_MONITOR_REPLICA_ID: 'a b', PROBE_PATH: 'health', REDIS_PREFIX: 'a b' }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        for (const v of ['MAX_EJECTION_PERCENT', 'PROBE_INTERVAL_MS', 'REDIS_URL', 'HEALTH_MONITOR_REPLICA_ID', 'PROBE_PATH', 'REDIS_PREFIX']) assert.match(error.message, new RegExp(v));
        return true;
      },
    );
  });
});
