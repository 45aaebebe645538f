import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { getFreePort, waitFor } from '@switchyard/testing';
import { deployment } from './support/deployment.fixture';
import { FakeKubernetes } from './support/fake-kubernetes';
import { SchedulerHarness } from './support/scheduler.harness';

// No cluster runs here: the kubernetes driver is exercised against a fake API server (test/support/fake-kubernetes.ts)
// that implements only the calls it makes (scale subresource, Endpoints, pod annotation).
describe('kubernetes driver (against a fake Kubernetes API server)', () => {
  const h = new SchedulerHarness('21200-21209');
  let kube: FakeKubernetes;

  before(async () => {
    kube = new FakeKubernetes('models', 'llama', await getFreePort());
    const apiUrl = await kube.start();
    await h.setup();
    await h.startScheduler({ KUBERNETES_API_URL: apiUrl, KUBERNETES_NAMESPACE: 'default', KUBERNETES_TOKEN_FILE: '/nonexistent' });
  });
  after(async () => {
    await h.teardown();
    await kube.stop();
  });

  const k8s = (replicas: number) => deployment('dep_k', { replicas, runtime: { driver: 'kubernetes', settings: { kubernetes: { deployment: 'llama', namespace: 'models' } } } });

  it('scales the Deployment and puts its ready pods in the pool', async () => {
    await h.create(k8s(2));
    const members = await waitFor('2 pods in the pool', async () => ((await h.members('dep_k')).length === 2 ? h.members('dep_k') : undefined), { timeoutMs: 10_000 });
    assert.equal(kube.replicas, 2, 'asked for exactly 2, not more while pods were starting');
    assert.deepEqual(members.map((m) => m.instanceId).sort(), kube.pods.map((p) => p.name).sort());
    assert.ok(members.every((m) => /^http:\/\/127\.0\.0\.\d+:\d+\/v1$/.test(m.url)));
    assert.ok(kube.calls.some((c) => c === 'PATCH /apis/apps/v1/namespaces/models/deployments/llama/scale'));
  });

  it('scales down by draining chosen pods and marking them for deletion first', async () => {
    await h.publish('DeploymentScaled', 'dep_k', { deploymentId: 'dep_k', fromReplicas: 2, toReplicas: 1, reason: 'manual', detail: '' });
    await waitFor('1 pod left', () => kube.replicas === 1 && kube.pods.length === 1, { timeoutMs: 10_000 });
    await waitFor('pool follows', async () => (await h.pools.get('dep_k'))?.members.length === 1, { timeoutMs: 10_000 });
    const [kept] = await h.members('dep_k');
    assert.equal(kept.instanceId, kube.pods[0].name, 'the drained pod is the one Kubernetes removed');
    assert.ok(kube.calls.some((c) => c.startsWith('PATCH /api/v1/namespaces/models/pods/')));
  });

  it('refuses a hostile object name instead of building a path from it', async () => {
    await h.create(deployment('dep_k_bad', { runtime: { driver: 'kubernetes', settings: { kubernetes: { deployment: '../../secrets' } } } }));
    await new Promise((r) => setTimeout(r, 600));
    assert.ok(!kube.calls.some((c) => c.includes('secrets')));
    assert.equal(await h.pools.get('dep_k_bad'), undefined);
  });
});
