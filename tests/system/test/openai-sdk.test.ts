import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import type { EngineSimState } from '@switchyard/engine-sim';
import { waitFor } from '@switchyard/testing';
import { Platform } from './support/platform.harness';
import { CHAT_MODEL, DEPLOYMENT, EMBED_DEPLOYMENT, ROUTE } from './support/world.seed';

const BILLED_ROUTE = 'billed';
const PROVIDER_ROUTE = 'billed-provider';

/** What a user of the `openai` SDK sees through the gateway, and what billing then reports. */
describe('system: the openai SDK through the gateway, and the cost report', () => {
  let platform: Platform;
  let client: OpenAI;
  const startedAt = new Date();

  before(async () => {
    platform = await Platform.start({ label: 'sdk', embedding: true });
    const missing = platform.missing('scheduler', 'gateway');
    if (missing) return;
    await platform.waitServing(DEPLOYMENT);
    await platform.waitServing(ROUTE);
    await platform.waitServing(EMBED_DEPLOYMENT, 45_000, 'embeddings');
    client = new OpenAI({ baseURL: platform.gatewayBaseUrl, apiKey: platform.world.apiKey, maxRetries: 0, timeout: 20_000 });
  });

  after(async () => {
    await platform?.close();
  });

  it('chat completion, non-streaming: an answer with usage', async (t) => {
    const missing = platform.missing('scheduler', 'gateway');
    if (missing) return t.todo(missing);
    const answer = await client.chat.completions.create({ model: DEPLOYMENT, messages: [{ role: 'user', content: 'Say hello' }], max_tokens: 5 });
    assert.equal(answer.object, 'chat.completion');
    assert.equal(answer.choices.length, 1);
    assert.equal(answer.choices[0].message.role, 'assistant');
    assert.equal(answer.choices[0].message.content, 'the quick brown fox jumps');
    assert.equal(answer.choices[0].finish_reason, 'length');
    assert.equal(answer.usage?.completion_tokens, 5);
    assert.ok((answer.usage?.prompt_tokens ?? 0) > 0);
    assert.equal(answer.usage?.total_tokens, (answer.usage?.prompt_tokens ?? 0) + 5);
  });

  it('chat completion, streaming: deltas that add up to the answer, usage on request', async (t) => {
    const missing = platform.missing('scheduler', 'gateway');
    if (missing) return t.todo(missing);
    const stream = await client.chat.completions.create({
      model: DEPLOYMENT,
      messages: [{ role: 'user', content: 'Stream please' }],
      max_tokens: 6,
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let chunks = 0;
    let usage: OpenAI.CompletionUsage | null | undefined;
    let finish: string | null = null;
    for await (const chunk of stream) {
      chunks++;
      assert.equal(chunk.object, 'chat.completion.chunk');
      text += chunk.choices[0]?.delta?.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      if (chunk.usage) usage = chunk.usage;
    }
    assert.ok(chunks >= 6, `expected a chunk per token, got ${chunks}`);
    assert.equal(text, 'the quick brown fox jumps over');
    assert.equal(finish, 'length');
    assert.equal(usage?.completion_tokens, 6);
  });

  it('legacy completions, streaming and not', async (t) => {
    const missing = platform.missing('scheduler', 'gateway');
    if (missing) return t.todo(missing);
    const answer = await client.completions.create({ model: DEPLOYMENT, prompt: 'Once upon a time', max_tokens: 4 });
    assert.equal(answer.object, 'text_completion');
    assert.equal(answer.choices[0].text, 'the quick brown fox');
    assert.equal(answer.usage?.completion_tokens, 4);
    const stream = await client.completions.create({ model: DEPLOYMENT, prompt: 'Once upon a time', max_tokens: 3, stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.text ?? '';
    assert.equal(text, 'the quick brown');
  });

  it('embeddings from an embedding deployment', async (t) => {
    const missing = platform.missing('scheduler', 'gateway');
    if (missing) return t.todo(missing);
    const answer = await client.embeddings.create({ model: EMBED_DEPLOYMENT, input: ['first text', 'second text'] });
    assert.equal(answer.object, 'list');
    assert.equal(answer.data.length, 2);
    assert.deepEqual(answer.data.map((d) => d.index), [0, 1]);
    for (const d of answer.data) {
      assert.equal(d.embedding.length, 16);
      const norm = Math.sqrt(d.embedding.reduce((s, x) => s + x * x, 0));
      assert.ok(Math.abs(norm - 1) < 1e-3, `unit vector expected, norm ${norm}`);
    }
    assert.notDeepEqual(answer.data[0].embedding, answer.data[1].embedding);
    assert.ok((answer.usage?.prompt_tokens ?? 0) > 0);
  });

  it('models list: the routes the key may call', async (t) => {
    const missing = platform.missing('gateway');
    if (missing) return t.todo(missing);
    const ids: string[] = [];
    for await (const m of client.models.list()) ids.push(m.id);
    for (const name of [ROUTE, DEPLOYMENT, EMBED_DEPLOYMENT]) assert.ok(ids.includes(name), `${name} missing from ${ids.join(', ')}`);
    assert.ok(!ids.includes(CHAT_MODEL), 'upstream model names are not routes');
    const one = await client.models.retrieve(ROUTE);
    assert.equal(one.id, ROUTE);
  });

  it('errors come back as the SDK expects them: bad key 401, unknown model 404', async (t) => {
    const missing = platform.missing('gateway');
    if (missing) return t.todo(missing);
    const wrong = new OpenAI({ baseURL: platform.gatewayBaseUrl, apiKey: 'sk-sy-not-a-real-key', maxRetries: 0 });
    await assert.rejects(wrong.chat.completions.create({ model: ROUTE, messages: [{ role: 'user', content: 'x' }] }), (e: unknown) => {
      assert.ok(e instanceof OpenAI.AuthenticationError, String(e));
      return true;
    });
    await assert.rejects(client.chat.completions.create({ model: 'no-such-route', messages: [{ role: 'user', content: 'x' }] }), (e: unknown) => {
      assert.ok(e instanceof OpenAI.NotFoundError, String(e));
      return true;
    });
  });

  it('hostile input: malformed, oversized, unauthenticated and aborted requests leave the gateway serving', async (t) => {
    const missing = platform.missing('scheduler', 'gateway');
    if (missing) return t.todo(missing);
    const url = `${platform.gatewayBaseUrl}/chat/completions`;
    const auth = { authorization: `Bearer ${platform.world.apiKey}`, 'content-type': 'application/json' };
    const malformed = await fetch(url, { method: 'POST', headers: auth, body: '{"model": "chat", "messages": [' });
    assert.equal(malformed.status, 400);
    assert.equal(((await malformed.json()) as { error: { type: string } }).error.type, 'invalid_request_error');
    const wrongTypes = await fetch(url, { method: 'POST', headers: auth, body: JSON.stringify({ model: DEPLOYMENT, messages: 'not a list', max_tokens: -3 }) });
    assert.equal(wrongTypes.status, 400);
    await wrongTypes.arrayBuffer();
    // Over the 4 MiB limit: 413, or (when the gateway answers before the client finished writing and closes) a reset.
    const huge = await fetch(url, { method: 'POST', headers: auth, body: JSON.stringify({ model: DEPLOYMENT, messages: [{ role: 'user', content: 'x'.repeat(5 * 1024 * 1024) }] }) }).then(
      async (res) => `${res.status} ${(await res.text()).slice(0, 100)}`,
      (error: Error & { cause?: { code?: string } }) => `transport ${error.cause?.code ?? error.message}`,
    );
    t.diagnostic(`5 MiB body: ${huge}`);
    assert.match(huge, /^413 |^transport (EPIPE|ECONNRESET)$/);
    const anonymous = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: DEPLOYMENT, messages: [] }) });
    assert.equal(anonymous.status, 401);
    await anonymous.arrayBuffer();
    // Clients that go away in the middle of a stream.
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        const ac = new AbortController();
        const res = await fetch(url, { method: 'POST', headers: auth, body: JSON.stringify({ model: DEPLOYMENT, stream: true, max_tokens: 200, messages: [{ role: 'user', content: 'long' }] }), signal: ac.signal });
        const reader = res.body?.getReader();
        await reader?.read();
        ac.abort();
        await reader?.cancel().catch(() => undefined);
      }),
    );
    const answer = await client.chat.completions.create({ model: DEPLOYMENT, messages: [{ role: 'user', content: 'still fine?' }], max_tokens: 2 });
    assert.equal(answer.choices[0].message.content, 'the quick');
  });

  it('billing reports the requests made through the gateway within 5 s, with the engine-reported tokens', async (t) => {
    const missing = platform.missing('scheduler', 'gateway', 'billing');
    if (missing) return t.todo(missing);
    // A route of its own, so nothing else sent in this file lands in the same report row.
    const w = `/api/v1/workspaces/${platform.world.workspaceId}`;
    await platform.registry.post(`${w}/routes`, { name: BILLED_ROUTE, targets: [{ kind: 'deployment', deploymentId: platform.world.deploymentId, weight: 100 }] });
    await waitFor('the gateway to list the new route', async () => {
      for await (const m of client.models.list()) if (m.id === BILLED_ROUTE) return true;
      return false;
    }, { timeoutMs: 10_000, intervalMs: 100 });
    const engineBefore = await engineTokens(platform);

    const answers = await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        client.chat.completions.create({ model: BILLED_ROUTE, messages: [{ role: 'user', content: `bill me ${i}` }], max_tokens: 7 }),
      ),
    );
    let streamedUsage: OpenAI.CompletionUsage | undefined;
    const stream = await client.chat.completions.create({ model: BILLED_ROUTE, messages: [{ role: 'user', content: 'bill my stream' }], max_tokens: 7, stream: true, stream_options: { include_usage: true } });
    for await (const chunk of stream) if (chunk.usage) streamedUsage = chunk.usage;
    const sentAt = Date.now();
    const usages = [...answers.map((a) => a.usage), streamedUsage];
    const prompt = usages.reduce((s, u) => s + (u?.prompt_tokens ?? 0), 0);
    const completion = usages.reduce((s, u) => s + (u?.completion_tokens ?? 0), 0);
    assert.equal(completion, 35);
    const engineAfter = await engineTokens(platform);
    assert.equal(engineAfter.prompt - engineBefore.prompt, prompt, 'the SDK saw the token counts the engines reported');
    assert.equal(engineAfter.generation - engineBefore.generation, completion);

    const row = await waitFor(
      'the cost report to include the 5 requests',
      async () => {
        const r = (await costsByRoute(platform, startedAt)).get(BILLED_ROUTE);
        return r && r.requests >= 5 ? r : null;
      },
      { timeoutMs: 5_000, intervalMs: 200 },
    );
    assert.ok(Date.now() - sentAt <= 5_500, 'reported within 5 s');
    assert.equal(row.requests, 5);
    assert.equal(row.input, prompt, 'input tokens as the engine reported them');
    assert.equal(row.output, completion, 'output tokens as the engine reported them');
    // Priced with the model price: 0.20 / 0.60 USD per million tokens.
    const expected = (prompt * 0.2 + completion * 0.6) / 1e6;
    assert.ok(Math.abs(row.cost - expected) < 1e-9, `cost ${row.cost}, expected ${expected}`);

    const asAdmin = (await costsByRoute(platform, startedAt, platform.registry.accessToken)).get(BILLED_ROUTE);
    assert.deepEqual(asAdmin, row, "the admin's access token (checked with the registry) sees the same row");
    const forbidden = await fetch(`${platform.url('billing')}/api/v1/reports/costs?from=${startedAt.toISOString()}&to=${new Date().toISOString()}`);
    assert.equal(forbidden.status, 401, 'the report needs a token');
  });

  it('a request through the provider is priced with the provider model price', async (t) => {
    const missing = platform.missing('gateway', 'billing');
    if (missing) return t.todo(missing);
    const w = `/api/v1/workspaces/${platform.world.workspaceId}`;
    await platform.registry.post(`${w}/routes`, { name: PROVIDER_ROUTE, targets: [{ kind: 'provider-model', providerModelId: platform.world.providerModelId, weight: 100 }] });
    await waitFor('the gateway to list the provider route', async () => {
      for await (const m of client.models.list()) if (m.id === PROVIDER_ROUTE) return true;
      return false;
    }, { timeoutMs: 10_000, intervalMs: 100 });
    const answers = await Promise.all(
      Array.from({ length: 3 }, (_, i) => client.chat.completions.create({ model: PROVIDER_ROUTE, messages: [{ role: 'user', content: `provider ${i}` }], max_tokens: 5 })),
    );
    const prompt = answers.reduce((s, a) => s + (a.usage?.prompt_tokens ?? 0), 0);
    const completion = answers.reduce((s, a) => s + (a.usage?.completion_tokens ?? 0), 0);
    const row = await waitFor('the provider requests in the cost report', async () => {
      const r = (await costsByRoute(platform, startedAt)).get(PROVIDER_ROUTE);
      return r && r.requests >= 3 ? r : null;
    }, { timeoutMs: 5_000, intervalMs: 200 });
    assert.equal(row.requests, 3);
    assert.equal(row.input, prompt);
    assert.equal(row.output, completion);
    const expected = (prompt * 0.5 + completion * 1.5) / 1e6; // the provider model's price, not the deployment's
    assert.ok(Math.abs(row.cost - expected) < 1e-9, `cost ${row.cost}, expected ${expected}`);
  });

  it('an API key over its monthly budget gets 402 once billing has seen the spend', async (t) => {
    const missing = platform.missing('scheduler', 'gateway', 'billing');
    if (missing) return t.todo(missing);
    const w = `/api/v1/workspaces/${platform.world.workspaceId}`;
    // One request of ~16 + 16 tokens costs ~1.3e-5 USD at 0.20 / 0.60 per million.
    const key = await platform.registry.post<{ id: string; key: string }>(`${w}/api-keys`, { name: 'tiny budget', monthlyBudget: '0.00001' });
    const status = async () => {
      const res = await platform.chat({ model: DEPLOYMENT, max_tokens: 16, messages: [{ role: 'user', content: 'spend a little money please' }] }, key.key);
      return { status: res.status, body: await res.text() };
    };
    await waitFor('the new key to work', async () => (await status()).status === 200, { timeoutMs: 10_000, intervalMs: 100 });
    const refused = await waitFor('a 402 for the key over budget', async () => {
      const r = await status();
      return r.status === 402 ? r : null;
    }, { timeoutMs: 10_000, intervalMs: 250 });
    const error = (JSON.parse(refused.body) as { error: { code: string; type: string } }).error;
    assert.equal(error.code, 'budget_exceeded');
    assert.equal(error.type, 'insufficient_quota');
    assert.equal((await platform.chat({ model: DEPLOYMENT })).status, 200, 'the workspace and its other keys are not affected');
  });

  it('billing follows the scheduler\'s instances for GPU-hour pricing; the registry takes a GPU-hour price', async (t) => {
    const missing = platform.missing('scheduler', 'billing');
    if (missing) return t.todo(missing);
    const billing = platform.billingSchema;
    // The deployment's three instances, registered by the scheduler, recorded by billing's own durable consumer.
    const spans = await waitFor('three open instance spans', async () => {
      const rows = await billing.query(`SELECT instance_id, workspace_id, gpus FROM instance_span WHERE deployment_id = '${platform.world.deploymentId}' AND ended_at IS NULL`);
      return rows.length === 3 ? rows : null;
    }, { timeoutMs: 10_000, intervalMs: 200 });
    assert.deepEqual(new Set(spans.map((r) => r.workspace_id)), new Set([platform.world.workspaceId]));
    assert.deepEqual(spans.map((r) => r.gpus), [0, 0, 0], 'gpuCount 0 (charged as one GPU each)');
    // Last in this file: from here on the deployment is priced by its own (GPU-hour) price, tokens at 0.
    const w = `/api/v1/workspaces/${platform.world.workspaceId}`;
    const price = await platform.registry.post<{ gpuHour: string | null; inputPerMTok: string }>(`${w}/prices`, { deploymentId: platform.world.deploymentId, gpuHour: '1.25', currency: 'USD' });
    assert.equal(price.gpuHour, '1.25');
    assert.equal(Number(price.inputPerMTok), 0);
  });
});

interface RouteCost {
  requests: number;
  input: number;
  output: number;
  cost: number;
}

/** GET /api/v1/reports/costs grouped by route, hourly, summed per route name (or id). */
async function costsByRoute(platform: Platform, from: Date, token = platform.serviceToken): Promise<Map<string, RouteCost>> {
  const to = new Date(Date.now() + 3_600_000);
  const q = new URLSearchParams({ from: new Date(from.getTime() - 3_600_000).toISOString(), to: to.toISOString(), groupBy: 'route', granularity: 'hour' });
  const res = await fetch(`${platform.url('billing')}/api/v1/reports/costs?${q}`, { headers: { authorization: `Bearer ${token}` } });
  const text = await res.text();
  assert.equal(res.status, 200, text);
  return sumRows(JSON.parse(text) as unknown);
}

interface ReportRow {
  period: string;
  group: string;
  currency: string;
  requests: number;
  promptTokens: number;
  completionTokens: number;
  cost: string;
}

function sumRows(report: unknown): Map<string, RouteCost> {
  const out = new Map<string, RouteCost>();
  for (const row of (report as { rows: ReportRow[] }).rows) {
    const acc = out.get(row.group) ?? { requests: 0, input: 0, output: 0, cost: 0 };
    acc.requests += row.requests;
    acc.input += row.promptTokens;
    acc.output += row.completionTokens;
    acc.cost += Number(row.cost);
    out.set(row.group, acc);
  }
  return out;
}

/** Prompt and generation tokens counted by the deployment's engines (GET /control of each simulator). */
async function engineTokens(platform: Platform): Promise<{ prompt: number; generation: number }> {
  let prompt = 0;
  let generation = 0;
  for (const sim of platform.sims.deployment) {
    const state = (await (await fetch(`${sim.controlUrl}/control`)).json()) as EngineSimState;
    prompt += state.stats.promptTokens;
    generation += state.stats.generationTokens;
  }
  return { prompt, generation };
}
