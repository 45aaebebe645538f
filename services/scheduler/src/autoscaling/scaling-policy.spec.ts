import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DeploymentSnapshot } from '@switchyard/contracts';
import { scalingPolicyFor } from './scaling-policy';

const base = {
  minReplicas: 1,
  maxReplicas: 4,
  autoscaling: { enabled: true, targetQueueDepth: 4, targetCpuPercent: 0, targetMemoryPercent: null, targetGpuPercent: 80, scaleUpCooldownSeconds: 10, scaleDownCooldownSeconds: 120 },
  runtime: { driver: 'process', settings: { autoscaling: { targetP95Ms: 900 } } },
} as unknown as DeploymentSnapshot;

describe('scalingPolicyFor', () => {
  it('maps the deployment fields and settings', () => {
    const p = scalingPolicyFor(base);
    assert.equal(p?.targets.queueDepthPerInstance, 4);
    assert.equal(p?.targets.cpuPercent, undefined, 'zero means no target');
    assert.equal(p?.targets.gpuPercent, 80);
    assert.equal(p?.targets.p95Ms, 900);
    assert.equal(p?.cooldownMs, 10_000);
    assert.equal(p?.scaleDownStabilizationMs, 120_000);
  });

  it('is off when disabled, and ignores hostile settings', () => {
    assert.equal(scalingPolicyFor({ ...base, autoscaling: { ...base.autoscaling, enabled: false } }), undefined);
    const p = scalingPolicyFor({ ...base, runtime: { driver: 'process', settings: { autoscaling: { targetP95Ms: -5 } } } });
    assert.equal(p?.targets.p95Ms, undefined);
    assert.equal(scalingPolicyFor({ ...base, minReplicas: 5, maxReplicas: 2 })?.maxReplicas, 5);
  });
});
