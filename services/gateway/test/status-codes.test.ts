import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { EngineSimHandle } from '@switchyard/engine-sim';
import { getFreePort, waitFor } from '@switchyard/testing';
import { deploymentTarget } from './support/registry-world';
import { member, startHarness, startSims, type Harness } from './support/gateway-harness';
import { bearer, chatBody, post, type Answer } from './support/http-client';

const BODY_LIMIT = 64 * 1024;

function assertOpenAiError(a: Answer, status: number, code?: string): void {
  assert.equal(a.status, status, a.text);
  assert.ok(a.json.error, `OpenAI error body: ${a.text}`);
  assert.deepEqual(Object.keys(a.json.error).sort(), ['code', 'message', 'param', 'type']);
  if (code) assert.equal(a.json.error.code, code);
  assert.ok(a.headers.get('x-request-id'));
}

describe('gateway: every status code of the API', () => {
  let h: Harness;
  let sims: EngineSimHandle[];
  const keys: Record<string, string> = {};
  let url: string;

  before(async () => {
    sims = await startSims(1, 'sim-a');
    const hang = await startSims(1, 'sim-hang', { hang: true });
    const failing = await startSims(1, 'sim-fail', { errorRate: 1, errorStatus: 500 });
    sims.push(...hang, ...failing);
    const deadPort = await getFreePort();
    const deadPorts = [await getFreePort(), await getFreePort(), await getFreePort()];
    h = await startHarness(
      (w) => {
        keys.ok = w.addKey('k_ok');
        keys.revoked = w.addKey('k_revoked', { revoked: true });
        keys.expired = w.addKey('k_expired', { expiresAt: '2020-01-01T00:00:00.000Z' });
        keys.limited = w.addKey('k_limited', { allowedRoutes: ['other'] });
        keys.rpm = w.addKey('k_rpm', { rpmLimit: 2 });
        keys.tpm = w.addKey('k_tpm', { tpmLimit: 100 });
        keys.budget = w.addKey('k_budget');
        w.addDeployment('d_ok', 'ok-dep', 'sim-a');
        w.addDeployment('d_stopped', 'stopped-dep', 'sim-a', { status: 'stopped' });
        w.addDeployment('d_sick', 'sick-dep', 'sim-a');
        w.addDeployment('d_dead', 'dead-dep', 'sim-a');
        w.addDeployment('d_hang', 'hang-dep', 'sim-hang');
        w.addDeployment('d_fail', 'fail-dep', 'sim-fail');
        w.addRoute('r_ok', 'ok', [deploymentTarget('d_ok')]);
        w.addRoute('r_other', 'other', [deploymentTarget('d_ok')]);
        w.addRoute('r_stopped', 'stopped', [deploymentTarget('d_stopped')]);
        w.addRoute('r_sick', 'sick', [deploymentTarget('d_sick')]);
        w.addRoute('r_dead', 'dead', [deploymentTarget('d_dead')]);
        w.addRoute('r_hang', 'hang', [deploymentTarget('d_hang')]);
        w.addRoute('r_fail', 'fail', [deploymentTarget('d_fail')]);
        w.addDeployment('d_dead3', 'dead-three', 'sim-a');
        w.addRoute('r_failover', 'failover', [deploymentTarget('d_dead3')], { fallback: { kind: 'deployment', deploymentId: 'd_ok' } });
      },
      {
        env: { GATEWAY_BODY_LIMIT_BYTES: String(BODY_LIMIT), GATEWAY_FIRST_BYTE_TIMEOUT_MS: '300' },
        beforeGateway: async (x) => {
          await x.writePool('d_ok', [member('ok_1', sims[0].url)]);
          await x.writePool('d_stopped', [member('st_1', sims[0].url)]);
          await x.writePool('d_sick', [member('sick_1', sims[0].url), member('sick_2', sims[0].url)]);
          await x.setHealth('d_sick', 'sick_1', 'ejected');
          await x.setHealth('d_sick', 'sick_2', 'stopped');
          await x.writePool('d_dead', [member('dead_1', `http://127.0.0.1:${deadPort}`)]);
          await x.writePool('d_hang', [member('hang_1', sims[1].url)]);
          await x.writePool('d_dead3', deadPorts.map((p, i) => member(`dead3_${i}`, `http://127.0.0.1:${p}`)));
          await x.writePool('d_fail', [member('fail_1', sims[2].url)]);
        },
      },
    );
    url = `${h.url}/v1/chat/completions`;
  });

  after(async () => {
    await h?.close();
    await Promise.all((sims ?? []).map((s) => s.close()));
  });

  it('200 for a good request', async () => {
    const a = await post(url, chatBody('ok'), bearer(keys.ok));
    assert.equal(a.status, 200, a.text);
  });

  it('401 for a missing, unknown, revoked or expired key', async () => {
    assertOpenAiError(await post(url, chatBody('ok')), 401, 'missing_api_key');
    assertOpenAiError(await post(url, chatBody('ok'), bearer('sk-sy-unknown')), 401, 'invalid_api_key');
    assertOpenAiError(await post(url, chatBody('ok'), bearer(keys.revoked)), 401, 'revoked_api_key');
    assertOpenAiError(await post(url, chatBody('ok'), bearer(keys.expired)), 401, 'expired_api_key');
    assertOpenAiError(await post(url, chatBody('ok'), { authorization: 'Basic Zm9vOmJhcg==' }), 401);
  });

  it('403 for a route the key may not call', async () => {
    const a = await post(url, chatBody('ok'), bearer(keys.limited));
    assertOpenAiError(a, 403, 'model_not_allowed');
    assert.equal(a.json.error?.param, 'model');
  });

  it('404 for an unknown model', async () => {
    assertOpenAiError(await post(url, chatBody('no-such-model'), bearer(keys.ok)), 404, 'model_not_found');
  });

  it('400 for invalid bodies', async () => {
    assertOpenAiError(await post(url, '{"model":', bearer(keys.ok)), 400, 'invalid_json');
    assertOpenAiError(await post(url, JSON.stringify({ messages: [] }), bearer(keys.ok)), 400, 'missing_required_parameter');
    assertOpenAiError(await post(url, chatBody('ok', { max_tokens: 'many' }), bearer(keys.ok)), 400, 'invalid_type');
    assertOpenAiError(await post(url, new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), bearer(keys.ok)), 400, 'invalid_encoding');
  });

  it('413 for a body over the limit', async () => {
    const huge = chatBody('ok', { padding: 'x'.repeat(BODY_LIMIT * 2) });
    assertOpenAiError(await post(url, huge, bearer(keys.ok)), 413, 'request_too_large');
  });

  it('429 with Retry-After once the key is over its requests per minute', async () => {
    assert.equal((await post(url, chatBody('ok'), bearer(keys.rpm))).status, 200);
    assert.equal((await post(url, chatBody('ok'), bearer(keys.rpm))).status, 200);
    const a = await post(url, chatBody('ok'), bearer(keys.rpm));
    assertOpenAiError(a, 429, 'requests_per_minute_exceeded');
    assert.ok(Number(a.headers.get('retry-after')) >= 1);
  });

  it('429 when a request would take the key over its tokens per minute', async () => {
    assert.equal((await post(url, chatBody('ok', { max_tokens: 10 }), bearer(keys.tpm))).status, 200);
    const a = await post(url, chatBody('ok', { max_tokens: 500 }), bearer(keys.tpm));
    assertOpenAiError(a, 429, 'tokens_per_minute_exceeded');
    assert.ok(Number(a.headers.get('retry-after')) >= 1);
  });

  it('402 once billing says the budget is exhausted', async () => {
    assert.equal((await post(url, chatBody('ok'), bearer(keys.budget))).status, 200);
    h.registry.publish(
      'BudgetExceeded',
      { scope: 'api-key', workspaceId: h.world.workspaces[0].id, apiKeyId: 'k_budget', period: new Date().toISOString().slice(0, 7), budget: '1.00', spent: '1.20', currency: 'USD' },
      'k_budget',
    );
    await waitFor('402', async () => (await post(url, chatBody('ok'), bearer(keys.budget))).status === 402, { timeoutMs: 3_000 });
    assertOpenAiError(await post(url, chatBody('ok'), bearer(keys.budget)), 402, 'budget_exceeded');
    assert.equal((await post(url, chatBody('ok'), bearer(keys.ok))).status, 200, 'other keys unaffected');
  });

  it('503 naming a stopped deployment or one without a healthy instance', async () => {
    const stopped = await post(url, chatBody('stopped'), bearer(keys.ok));
    assertOpenAiError(stopped, 503, 'deployment_stopped');
    assert.equal(stopped.json.error?.message, 'deployment stopped-dep is stopped');
    const sick = await post(url, chatBody('sick'), bearer(keys.ok));
    assertOpenAiError(sick, 503, 'no_healthy_instance');
    assert.match(sick.json.error?.message ?? '', /sick-dep/);
  });

  it('502 when the upstream cannot be reached or fails, 504 when it times out', async () => {
    const dead = await post(url, chatBody('dead'), bearer(keys.ok));
    assertOpenAiError(dead, 502);
    assert.match(dead.json.error?.message ?? '', /dead_1/);
    assertOpenAiError(await post(url, chatBody('fail'), bearer(keys.ok)), 502);
    const hang = await post(url, chatBody('hang'), bearer(keys.ok));
    assertOpenAiError(hang, 504, 'upstream_timeout');
  });

  it('fails over to the fallback within the attempt bound when every instance of the first target is down', async () => {
    const a = await post(url, chatBody('failover'), bearer(keys.ok));
    assert.equal(a.status, 200, a.text);
    const rec = h.usage.records.at(-1);
    assert.equal(rec?.deploymentId, 'd_ok');
    assert.equal(rec?.attempts, 3);
  });

  it('records one usage record per request, rejected ones included', () => {
    const records = h.usage.records;
    assert.ok(records.some((r) => r.outcome === 'rejected' && r.statusCode === 401 && r.workspaceId === ''));
    assert.ok(records.some((r) => r.outcome === 'rejected' && r.statusCode === 429 && r.apiKeyId === 'k_rpm'));
    assert.ok(records.some((r) => r.outcome === 'error' && r.statusCode === 502 && r.instanceId === 'dead_1'));
    assert.ok(records.some((r) => r.outcome === 'ok' && r.statusCode === 200));
    assert.equal(new Set(records.map((r) => r.requestId)).size, records.length, 'request ids are unique');
  });

  it('lists only the routes the key may call', async () => {
    const res = await fetch(`${h.url}/v1/models`, { headers: bearer(keys.limited) });
    assert.equal(res.status, 200);
    const body = (await res.json()) as { object: string; data: Array<{ id: string }> };
    assert.deepEqual(body.data.map((m) => m.id), ['other']);
    const unauth = await fetch(`${h.url}/v1/models`);
    assert.equal(unauth.status, 401);
    const one = await fetch(`${h.url}/v1/models/ok`, { headers: bearer(keys.ok) });
    assert.equal(((await one.json()) as { id: string }).id, 'ok');
    assert.equal((await fetch(`${h.url}/v1/models/nope`, { headers: bearer(keys.ok) })).status, 404);
  });
});
