// Knobs changed live, through POST /control and the in-process handle: model name, errors, concurrency and
// queueing, hang, health, refusing connections, in-process crash.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor } from '@switchyard/testing';
import { EngineSimHandle, KnobValidationError, startEngineSim } from '../src';
import { assertOpenAiError, freshRequest, isRefused, metric, postJson } from './http.helper';

const chat = (model = 'm1') => ({ model, messages: [{ role: 'user', content: 'hi' }], max_tokens: 2 });


describe('engine-sim control', () => {
  let sim: EngineSimHandle;

  before(async () => {
    sim = await startEngineSim({ knobs: { model: 'm1' } });
  });
  after(() => sim.close());

  it('GET /control shows knobs and stats; POST /control validates and applies a patch', async () => {
    const state = (await (await fetch(`${sim.url}/control`)).json()) as { knobs: { model: string }; stats: { listening: boolean } };
    assert.equal(state.knobs.model, 'm1');
    assert.equal(state.stats.listening, true);
    const bad = await postJson(`${sim.url}/control`, { ttftMs: -1 });
    assert.equal(bad.status, 400);
    assert.match(bad.body.error as string, /ttftMs/);
    assert.equal((await postJson(`${sim.url}/control`, { nope: 1 })).status, 400);
    assert.equal((await postJson(`${sim.url}/control`, '[1,2')).status, 400);
    assert.equal((await postJson(`${sim.url}/control`, [1])).status, 400);
    const renamed = await postJson(`${sim.url}/control`, { model: 'm2' });
    assert.equal(renamed.status, 200);
    assert.equal((renamed.body.knobs as { model: string }).model, 'm2');
    const models = (await (await fetch(`${sim.url}/v1/models`)).json()) as { data: Array<{ id: string }> };
    assert.equal(models.data[0].id, 'm2');
    assert.equal((await postJson(`${sim.url}/v1/chat/completions`, chat('m1'))).status, 404);
    const ok = await postJson(`${sim.url}/v1/chat/completions`, chat('m2'));
    assert.equal(ok.body.model, 'm2');
    await sim.control({ model: 'm1' });
    await assert.rejects(sim.control({ itlMs: 'fast' } as never), (error: Error) => error instanceof KnobValidationError && /itlMs/.test(error.message));
  });

  it('error rate 1 answers every inference request with the configured status', async () => {
    await sim.control({ errorRate: 1, errorStatus: 503 });
    try {
      for (const path of ['/v1/chat/completions', '/v1/completions', '/v1/embeddings']) {
        const { status, body } = await postJson(`${sim.url}${path}`, { ...chat(), prompt: 'x', input: 'x' });
        assert.equal(status, 503);
        assertOpenAiError(body, 503, 'ServiceUnavailableError');
      }
      await sim.control({ errorStatus: 429 });
      const { status, body } = await postJson(`${sim.url}/v1/chat/completions`, { ...chat(), stream: true });
      assert.equal(status, 429);
      assertOpenAiError(body, 429, 'TooManyRequestsError');
      assert.equal((await fetch(`${sim.url}/health`)).status, 200, 'health is not affected');
    } finally {
      await sim.control({ errorRate: 0, errorStatus: 500 });
    }
    assert.equal((await postJson(`${sim.url}/v1/chat/completions`, chat())).status, 200);
  });

  it('max concurrency 1 queues the second request, visible in /metrics', async () => {
    await sim.control({ maxConcurrency: 1, ttftMs: 400 });
    try {
      const first = postJson(`${sim.url}/v1/chat/completions`, chat());
      await waitFor('first request running', () => sim.state().stats.running === 1);
      const second = postJson(`${sim.url}/v1/chat/completions`, chat());
      await waitFor('second request waiting', () => sim.state().stats.waiting === 1);
      const text = await (await fetch(`${sim.url}/metrics`)).text();
      assert.equal(metric(text, 'vllm:num_requests_running', 'model_name="m1"'), 1);
      assert.equal(metric(text, 'vllm:num_requests_waiting', 'model_name="m1"'), 1);
      assert.equal(metric(text, 'vllm:gpu_cache_usage_perc', 'model_name="m1"'), 1);
      const started = performance.now();
      const [a, b] = await Promise.all([first, second]);
      assert.equal(a.status, 200);
      assert.equal(b.status, 200);
      assert.ok(performance.now() - started >= 300, 'the second started after the first finished');
      assert.equal(sim.state().stats.waiting, 0);
      assert.equal(sim.state().stats.running, 0);
    } finally {
      await sim.control({ maxConcurrency: 0, ttftMs: 0 });
    }
  });

  it('a queued request whose client leaves frees its place', async () => {
    await sim.control({ maxConcurrency: 1, ttftMs: 300 });
    try {
      const first = postJson(`${sim.url}/v1/chat/completions`, chat());
      await waitFor('first running', () => sim.state().stats.running === 1);
      const abort = new AbortController();
      const second = fetch(`${sim.url}/v1/chat/completions`, { method: 'POST', body: JSON.stringify(chat()), signal: abort.signal });
      await waitFor('second waiting', () => sim.state().stats.waiting === 1);
      abort.abort();
      await assert.rejects(second);
      await waitFor('place freed', () => sim.state().stats.waiting === 0);
      assert.equal((await first).status, 200);
    } finally {
      await sim.control({ maxConcurrency: 0, ttftMs: 0 });
    }
  });

  it('hang accepts inference requests and never answers them, until turned off', async () => {
    await sim.control({ hang: true });
    try {
      const abort = new AbortController();
      const timer = setTimeout(() => abort.abort(), 300);
      await assert.rejects(
        fetch(`${sim.url}/v1/chat/completions`, { method: 'POST', body: JSON.stringify(chat()), signal: abort.signal }),
        (error: Error) => error.name === 'AbortError',
      );
      clearTimeout(timer);
      assert.equal((await fetch(`${sim.url}/health`)).status, 200, 'health still answers');
      const held = fetch(`${sim.url}/v1/models`, { signal: AbortSignal.timeout(200) });
      await waitFor('request held', () => sim.state().stats.hanging >= 1);
      await assert.rejects(held);
    } finally {
      await sim.control({ hang: false });
    }
    await waitFor('held requests forgotten', () => sim.state().stats.hanging === 0);
    assert.equal((await postJson(`${sim.url}/v1/chat/completions`, chat())).status, 200);
  });

  it('failing health answers 503, slow health answers late, then recovers', async () => {
    await sim.control({ health: 'fail' });
    assert.equal((await fetch(`${sim.url}/health`)).status, 503);
    assert.equal((await postJson(`${sim.url}/v1/chat/completions`, chat())).status, 200, 'inference still served');
    await sim.control({ health: 'slow', healthDelayMs: 250 });
    const started = performance.now();
    assert.equal((await fetch(`${sim.url}/health`)).status, 200);
    assert.ok(performance.now() - started >= 240);
    await sim.control({ health: 'hang' });
    await assert.rejects(fetch(`${sim.url}/health`, { signal: AbortSignal.timeout(200) }));
    await sim.control({ health: 'ok' });
    assert.equal((await fetch(`${sim.url}/health`)).status, 200);
  });

  it('refuses connections and listens again on the same port when told', async () => {
    const port = sim.port;
    const state = await sim.control({ refuseConnections: true });
    assert.equal(state.stats.listening, false);
    assert.ok(await isRefused(sim.port), 'connection refused');
    await sim.control({ refuseConnections: false });
    assert.equal(sim.server.port, port);
    assert.equal((await freshRequest(`${sim.url}/health`)).status, 200);
  });

  it('refuseForMs (set over HTTP on the main port) listens again by itself', async () => {
    const set = await freshRequest(`${sim.url}/control`, 'POST', JSON.stringify({ refuseConnections: true, refuseForMs: 300 }));
    assert.equal(set.status, 200);
    await waitFor('refusing', () => isRefused(sim.port));
    await waitFor('listening again', async () => (await freshRequest(`${sim.url}/health`)).status === 200, { timeoutMs: 3000 });
    assert.equal(sim.state().knobs.refuseConnections, false);
    await sim.control({ refuseForMs: 0 });
  });

  it('drops in-flight streams when it stops listening', async () => {
    await sim.control({ ttftMs: 5, itlMs: 100 });
    try {
      const response = freshRequest(`${sim.url}/v1/chat/completions`, 'POST', JSON.stringify({ ...chat(), max_tokens: 50, stream: true }));
      await waitFor('stream running', () => sim.state().stats.running === 1);
      await sim.control({ refuseConnections: true });
      await assert.rejects(response);
      await waitFor('session gone', () => sim.state().stats.inFlight === 0);
    } finally {
      await sim.control({ refuseConnections: false, ttftMs: 0, itlMs: 0 });
    }
  });

  it('in-process crash stops answering until crash is cleared', async () => {
    await sim.control({ crash: true });
    assert.ok(await isRefused(sim.port));
    await sim.control({ crash: false });
    assert.equal((await freshRequest(`${sim.url}/health`)).status, 200);
  });
});
