import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import type { EngineSimHandle } from '@switchyard/engine-sim';
import { deploymentTarget, providerTarget } from './support/registry-world';
import { member, SERVICE_TOKEN, startHarness, startSims, type Harness } from './support/gateway-harness';

describe('gateway: boots from a registry snapshot and proxies chat to engine-sim', () => {
  let h: Harness;
  let sims: EngineSimHandle[];
  let key: string;
  let client: OpenAI;

  before(async () => {
    sims = await startSims(2, 'sim-llama');
    const vendorSim = await startSims(1, 'vendor-model');
    sims.push(...vendorSim);
    h = await startHarness(
      (w) => {
        key = w.addKey('key_1');
        w.addDeployment('dep_1', 'llama', 'sim-llama');
        w.addRoute('route_1', 'chat-default', [deploymentTarget('dep_1')]);
        w.addProvider(
          {
            id: 'prov_1',
            name: 'vendor',
            vendor: 'openai',
            baseUrl: `${vendorSim[0].url}/v1`,
            keys: [
              { id: 'pk_1', description: 'a', weight: 1, maskedSecret: 'sk-...1', enabled: true },
              { id: 'pk_2', description: 'b', weight: 1, maskedSecret: 'sk-...2', enabled: true },
            ],
            models: [{ id: 'pm_1', name: 'vendor-model', upstreamName: 'vendor-model' }],
          },
          [
            { id: 'pk_1', secret: 'sk-vendor-secret-1', weight: 1, enabled: true },
            { id: 'pk_2', secret: 'sk-vendor-secret-2', weight: 1, enabled: true },
          ],
        );
        w.addRoute('route_2', 'mixed', [deploymentTarget('dep_1', 100), providerTarget('prov_1', 'pm_1', 200)]);
        w.addRoute('route_3', 'overflowing', [deploymentTarget('dep_1', 100), providerTarget('prov_1', 'pm_1', 1)], {
          overflow: { enabled: true, maxShare: 0.5, queueDepthThreshold: null },
        });
      },
      {
        beforeGateway: async (x) => {
          await x.writePool('dep_1', sims.slice(0, 2).map((s, i) => member(`inst_${i}`, s.url)));
          for (let i = 0; i < 2; i++) await x.setHealth('dep_1', `inst_${i}`, 'healthy');
        },
      },
    );
    client = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: key, maxRetries: 0 });
  });

  after(async () => {
    await h?.close();
    await Promise.all((sims ?? []).map((s) => s.close()));
  });

  it('loaded the snapshot and the pool', () => {
    assert.equal(h.gateway.runtime.mirror.ready, true);
    assert.ok(h.world.snapshotRequests >= 1);
    assert.equal(h.gateway.runtime.mirror.pool('dep_1')?.members.length, 2);
  });

  it('answers a non-streaming chat completion with usage, spread over both instances', async () => {
    for (let i = 0; i < 4; i++) {
      const res = await client.chat.completions.create({ model: 'chat-default', messages: [{ role: 'user', content: 'Hello there' }], max_tokens: 5 });
      assert.equal(res.object, 'chat.completion');
      assert.ok(res.choices[0].message.content);
      assert.ok((res.usage?.prompt_tokens ?? 0) > 0);
    }
    const served = sims.slice(0, 2).map((s) => s.state().stats.requestsServed);
    assert.ok(served.every((n) => n >= 1), `both instances served: ${served.join(',')}`);
    const rec = h.usage.records.at(-1);
    assert.equal(rec?.outcome, 'ok');
    assert.equal(rec?.targetKind, 'deployment');
    assert.equal(rec?.deploymentId, 'dep_1');
    assert.equal(rec?.estimated, false);
    assert.equal(rec?.apiKeyId, 'key_1');
  });

  it('streams a chat completion without the injected usage chunk, and meters it', async () => {
    const before = h.usage.records.length;
    const stream = await client.chat.completions.create({
      model: 'chat-default',
      messages: [{ role: 'user', content: 'Stream please' }],
      max_tokens: 6,
      stream: true,
    });
    let text = '';
    let sawUsage = false;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta?.content ?? '';
      if (chunk.usage) sawUsage = true;
    }
    assert.ok(text.length > 0);
    assert.equal(sawUsage, false, 'the usage chunk the gateway asked for is not forwarded');
    const rec = h.usage.records.at(-1);
    assert.equal(h.usage.records.length, before + 1);
    assert.equal(rec?.stream, true);
    assert.equal(rec?.completionTokens, 6);
    assert.equal(rec?.estimated, false);
    assert.ok(rec?.ttftMs !== undefined);
  });

  it('forwards the usage chunk when the client asked for it', async () => {
    const stream = await client.chat.completions.create({
      model: 'chat-default',
      messages: [{ role: 'user', content: 'Stream please' }],
      max_tokens: 3,
      stream: true,
      stream_options: { include_usage: true },
    });
    let usage: OpenAI.CompletionUsage | undefined | null;
    for await (const chunk of stream) if (chunk.usage) usage = chunk.usage;
    assert.equal(usage?.completion_tokens, 3);
  });

  it('carries x-request-id on every answer', async () => {
    const res = await fetch(`${h.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'x-request-id': 'req-abc' },
      body: JSON.stringify({ model: 'chat-default', messages: [{ role: 'user', content: 'hi' }], max_tokens: 1 }),
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-request-id'), 'req-abc');
    await res.text();
    const bad = await fetch(`${h.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    assert.equal(bad.status, 401);
    assert.match(bad.headers.get('x-request-id') ?? '', /^[0-9a-f]{24}$/);
  });

  it('serves completions, streaming and not, through the SDK', async () => {
    const res = await client.completions.create({ model: 'chat-default', prompt: 'Once upon a time', max_tokens: 4 });
    assert.equal(res.object, 'text_completion');
    assert.ok(res.choices[0].text.length > 0);
    assert.equal(res.usage?.completion_tokens, 4);
    const stream = await client.completions.create({ model: 'chat-default', prompt: 'Once', max_tokens: 3, stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.text ?? '';
    assert.ok(text.length > 0);
    assert.equal(h.usage.records.at(-1)?.endpoint, 'completion');
    assert.equal(h.usage.records.at(-1)?.completionTokens, 3);
  });

  it('serves embeddings through the SDK', async () => {
    const res = await client.embeddings.create({ model: 'chat-default', input: ['a b c', 'd'] });
    assert.equal(res.data.length, 2);
    assert.ok(res.data[0].embedding.length > 0);
    assert.equal(h.usage.records.at(-1)?.endpoint, 'embedding');
    assert.ok((h.usage.records.at(-1)?.promptTokens ?? 0) > 0);
  });

  it('lists the models the key may call through the SDK', async () => {
    const ids: string[] = [];
    for await (const m of client.models.list()) ids.push(m.id);
    assert.deepEqual(ids.sort(), ['chat-default', 'mixed', 'overflowing']);
    const one = await client.models.retrieve('mixed');
    assert.equal(one.id, 'mixed');
  });

  it("shifts the route's overflow share to its SaaS target while the scheduler says so, and returns it", async () => {
    const members = sims.slice(0, 2).map((s, i) => member(`inst_${i}`, s.url));
    const providerShare = async (n: number) => {
      let provider = 0;
      for (let i = 0; i < n; i++) {
        await client.chat.completions.create({ model: 'overflowing', messages: [{ role: 'user', content: 'x' }], max_tokens: 1 });
        if (h.usage.records.at(-1)?.targetKind === 'provider') provider++;
      }
      return provider / n;
    };
    assert.ok((await providerShare(101)) <= 0.02, 'without pressure the SaaS target gets its weight only (1 in 101)');
    await h.writePool('dep_1', members, { overflowShare: 1 }); // capped by the route's maxShare 0.5
    await new Promise((r) => setTimeout(r, 300));
    const under = await providerShare(200);
    assert.ok(under > 0.35 && under < 0.65, `under pressure about half goes to the SaaS target: ${under}`);
    await h.writePool('dep_1', members, { overflowShare: 0 });
    await new Promise((r) => setTimeout(r, 300));
    assert.ok((await providerShare(101)) <= 0.02, 'and it comes back when the pressure is gone');
  });

  it('splits a route 100/200 between a deployment and a provider model, with credentials from the registry', async () => {
    const counts = { deployment: 0, provider: 0 };
    for (let i = 0; i < 90; i++) {
      await client.chat.completions.create({ model: 'mixed', messages: [{ role: 'user', content: 'x' }], max_tokens: 1 });
      const rec = h.usage.records.at(-1);
      if (rec?.targetKind === 'deployment') counts.deployment++;
      else if (rec?.targetKind === 'provider') counts.provider++;
    }
    assert.deepEqual(counts, { deployment: 30, provider: 60 });
    const providerRecords = h.usage.records.filter((r) => r.providerId === 'prov_1');
    assert.deepEqual([...new Set(providerRecords.map((r) => r.providerKeyId))].sort(), ['pk_1', 'pk_2'], 'weighted across both keys');
    assert.equal(providerRecords[0].upstreamModel, 'vendor-model');
    assert.ok(h.world.credentialRequests.length >= 1);
    assert.ok(h.world.credentialRequests.every((r) => r.authorized), 'every request proved the service token');
    assert.ok(h.world.credentialRequests.every((r) => !r.raw.includes(SERVICE_TOKEN) && r.headers.length === 0), 'and none carried it');
  });
});
