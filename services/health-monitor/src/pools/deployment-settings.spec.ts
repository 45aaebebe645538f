import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_POLICY } from '../domain/health-policy';
import { settingsFromDeployment, type DeploymentSettings } from './deployment-settings';

const defaults: DeploymentSettings = {
  policy: { ...DEFAULT_POLICY, intervalMs: 5_000, baseEjectionMs: 5_000, maxEjectionShare: 0.3, degradedLatencyRatio: 4 },
  probe: { path: '/health', timeoutMs: 2_000, model: '' },
};

describe('deployment health-check settings', () => {
  it('takes interval, timeout, thresholds and path from the deployment', () => {
    const s = settingsFromDeployment(
      { model: 'llama', healthCheck: { path: '/v1/models', intervalSeconds: 10, timeoutSeconds: 3, failureThreshold: 5, successThreshold: 1 } },
      defaults,
    );
    assert.equal(s.policy.intervalMs, 10_000);
    assert.equal(s.policy.failureThreshold, 5);
    assert.equal(s.policy.successThreshold, 1);
    assert.equal(s.policy.baseEjectionMs, 10_000);
    assert.deepEqual(s.probe, { path: '/v1/models', timeoutMs: 3_000, model: 'llama' });
  });

  it('keeps the monitor-wide settings (cap, outlier ratio) and the defaults for missing or silly values', () => {
    const s = settingsFromDeployment({ model: 'm', healthCheck: { path: 'no-slash', intervalSeconds: -1, timeoutSeconds: Number.NaN, failureThreshold: 0 } }, defaults);
    assert.equal(s.policy.maxEjectionShare, 0.3);
    assert.equal(s.policy.degradedLatencyRatio, 4);
    assert.equal(s.policy.intervalMs, 5_000);
    assert.equal(s.policy.failureThreshold, DEFAULT_POLICY.failureThreshold);
    assert.equal(s.probe.path, '/health');
    assert.equal(s.probe.timeoutMs, 2_000);
    assert.equal(settingsFromDeployment({ model: 'm', healthCheck: null }, defaults).policy.intervalMs, 5_000);
  });

  it('never lets a probe outlast its interval', () => {
    const s = settingsFromDeployment({ model: 'm', healthCheck: { intervalSeconds: 1, timeoutSeconds: 30 } }, defaults);
    assert.equal(s.probe.timeoutMs, 1_000);
  });

  it('honours a configured base ejection time', () => {
    assert.equal(settingsFromDeployment({ model: 'm', healthCheck: { intervalSeconds: 2 } }, defaults, 750).policy.baseEjectionMs, 750);
  });
});
