import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeRegistrySnapshot } from '@switchyard/contracts';
import { waitFor } from '@switchyard/testing';
import { closedPort, deploymentBody, EventCollector } from '../src/catalog/catalog-fixtures.testing';
import { requestClient } from './support/nats-requests';
import { startRegistry, type RegistryHarness } from './support/registry-harness';

describe('catalog: models and prices', () => {
  let h: RegistryHarness;
  let events: EventCollector;
  let ws: string;
  let other: string;
  let admin: string;
  let member: string;
  let finance: string;
  let modelsPath: string;
  let pricesPath: string;

  before(async () => {
    h = await startRegistry();
    events = new EventCollector(h.nc, h.namespace, async () => (await h.db.outboxEvent.findMany({ orderBy: { id: 'asc' } })).map((r) => r.payload));
    ws = (await h.createWorkspace('mp-ws')).id;
    other = (await h.createWorkspace('mp-other')).id;
    admin = (await h.createUser({ email: 'admin@mp.io', password: 'password-admin', workspaceId: ws, role: 'admin' })).token;
    member = (await h.createUser({ email: 'member@mp.io', password: 'password-member', workspaceId: ws, role: 'member' })).token;
    finance = (await h.createUser({ email: 'finance@mp.io', password: 'password-finance', workspaceId: ws, role: 'finance' })).token;
    modelsPath = `/api/v1/workspaces/${ws}/models`;
    pricesPath = `/api/v1/workspaces/${ws}/prices`;
  });
  after(async () => {
    await events?.close();
    await h?.close();
  });

  const api = (method: string, path: string, body?: unknown, token = admin) => h.api(method, path, { token, body });

  it('models: create, list, edit, delete with validation, 409 and events', async () => {
    const created = await api('POST', modelsPath, { name: 'gpt-4o', kind: 'chat', contextWindow: 128000, description: "O'Reilly <b>" }, member);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.description, "O'Reilly <b>");
    assert.equal((await api('POST', modelsPath, { name: 'gpt-4o', kind: 'chat', contextWindow: 1 })).status, 409);
    for (const [body, field] of [
      [{ name: 'm', kind: 'vision', contextWindow: 1 }, 'kind'],
      [{ name: 'm', kind: 'chat', contextWindow: 0 }, 'contextWindow'],
      [{ name: 'm', kind: 'chat', contextWindow: 1.5 }, 'contextWindow'],
      [{ name: 'm', kind: 'chat' }, 'contextWindow'],
      [{ name: 'm', kind: 'chat', contextWindow: 1, price: 1 }, 'price'],
    ] as const) {
      const res = await api('POST', modelsPath, body);
      assert.equal(res.status, 400, JSON.stringify(res.body));
      assert.equal(res.body.error.field, field);
    }
    await api('POST', modelsPath, { name: 'text-embedding-3-large', kind: 'embedding', contextWindow: 8191 });
    const embeddings = await api('GET', `${modelsPath}?kind=embedding`);
    assert.deepEqual(embeddings.body.items.map((m: { name: string }) => m.name), ['text-embedding-3-large']);
    const upd = await api('PATCH', `${modelsPath}/${created.body.id}`, { contextWindow: 200000 });
    assert.deepEqual([upd.status, upd.body.contextWindow, upd.body.version], [200, 200000, 2]);
    assert.equal((await api('PATCH', `${modelsPath}/${created.body.id}`, { name: 'text-embedding-3-large' })).status, 409);
    const doomed = (await api('POST', modelsPath, { name: 'doomed', kind: 'completion', contextWindow: 4096 })).body;
    assert.equal((await api('DELETE', `${modelsPath}/${doomed.id}`)).status, 204);
    assert.equal((await api('GET', `${modelsPath}/${doomed.id}`)).status, 404);
    await events.waitFor((e) => e.some((x) => x.aggregateId === doomed.id && x.type === 'ModelChanged' && x.data.change === 'deleted'), 'ModelChanged deleted');
    assert.deepEqual(events.of(created.body.id).map((e) => e.aggregateVersion), [1, 2]);
  });

  it('prices: append-only history per subject, decimal strings verbatim, the price in effect at a time', async () => {
    const model = (await api('GET', `${modelsPath}?q=gpt-4o`)).body.items[0];
    const p1 = await api('POST', pricesPath, { modelId: model.id, inputPerMTok: '2.50', outputPerMTok: 10, effectiveFrom: '2026-01-01T00:00:00Z' });
    assert.equal(p1.status, 201, JSON.stringify(p1.body));
    assert.deepEqual([p1.body.inputPerMTok, p1.body.cachedInputPerMTok, p1.body.outputPerMTok, p1.body.currency], ['2.5', '2.5', '10', 'USD']);
    assert.equal(p1.body.effectiveFrom, '2026-01-01T00:00:00.000Z');
    const p2 = await api('POST', pricesPath, { modelId: model.id, inputPerMTok: '2.000001', cachedInputPerMTok: '1', outputPerMTok: '8', effectiveFrom: '2026-06-01T00:00:00Z' });
    assert.equal(p2.status, 201);
    assert.equal(p2.body.inputPerMTok, '2.000001');
    const same = await api('POST', pricesPath, { modelId: model.id, inputPerMTok: '3', outputPerMTok: '9', effectiveFrom: '2026-06-01T00:00:00.000Z' });
    assert.equal(same.status, 409);
    assert.equal(same.body.error.field, 'effectiveFrom');

    const history = await api('GET', `${pricesPath}?modelId=${model.id}`, undefined, finance);
    assert.equal(history.status, 200);
    assert.deepEqual(history.body.items.map((p: { id: string }) => p.id), [p2.body.id, p1.body.id]);
    const march = await api('GET', `${pricesPath}/effective?modelId=${model.id}&at=2026-03-01T00:00:00Z`, undefined, finance);
    assert.equal(march.body.id, p1.body.id);
    const july = await api('GET', `${pricesPath}/effective?modelId=${model.id}&at=2026-07-01T00:00:00Z`);
    assert.equal(july.body.id, p2.body.id);
    assert.equal((await api('GET', `${pricesPath}/effective?modelId=${model.id}&at=2025-01-01T00:00:00Z`)).status, 404);
    assert.equal((await api('GET', `${pricesPath}/effective?at=2025-01-01T00:00:00Z`)).status, 400);
    assert.equal((await api('GET', `${pricesPath}/${p1.body.id}`, undefined, member)).body.outputPerMTok, '10');
    assert.equal((await api('PATCH', `${pricesPath}/${p1.body.id}`, { inputPerMTok: '1' })).status, 404, 'prices are never updated');
    assert.equal((await api('DELETE', `${pricesPath}/${p1.body.id}`)).status, 404);

    await events.waitFor((e) => e.some((x) => x.aggregateId === p2.body.id && x.type === 'PriceChanged'), 'PriceChanged');
    const ev = events.of(p2.body.id)[0];
    assert.ok(ev.type === 'PriceChanged' && ev.data.price?.inputPerMTok === '2.000001');
  });

  it('prices for provider models and deployments; bad prices named', async () => {
    const provider = (await api('POST', `/api/v1/workspaces/${ws}/providers`, { name: 'P', vendor: 'openai', models: [{ name: 'gpt-4o-mini' }] })).body;
    const pm = provider.models[0].id;
    assert.equal((await api('POST', pricesPath, { providerModelId: pm, inputPerMTok: '0.15', outputPerMTok: '0.60', currency: 'EUR' })).status, 201);
    const dead = `http://127.0.0.1:${await closedPort()}/v1`;
    const dep = (await api('POST', `/api/v1/workspaces/${ws}/deployments`, deploymentBody('self-hosted', [dead], { createRoute: false }))).body;
    assert.equal((await api('POST', pricesPath, { deploymentId: dep.id, inputPerMTok: '0', outputPerMTok: '0' })).status, 201);
    assert.equal((await api('GET', `${pricesPath}?currency=EUR`)).body.total, 1);
    const model = (await api('GET', `${modelsPath}?q=gpt-4o`)).body.items[0];
    const foreignModel = (await h.api('POST', `/api/v1/workspaces/${other}/models`, { token: h.adminToken, body: { name: 'x', kind: 'chat', contextWindow: 1 } })).body;
    const cases: Array<[unknown, number, string]> = [
      [{ inputPerMTok: '1', outputPerMTok: '1' }, 400, 'modelId'],
      [{ modelId: model.id, providerModelId: pm, inputPerMTok: '1', outputPerMTok: '1' }, 400, 'providerModelId'],
      [{ modelId: model.id, inputPerMTok: '-1', outputPerMTok: '1' }, 400, 'inputPerMTok'],
      [{ modelId: model.id, inputPerMTok: '1.1234567', outputPerMTok: '1' }, 400, 'inputPerMTok'],
      [{ modelId: model.id, inputPerMTok: '1e3', outputPerMTok: '1' }, 400, 'inputPerMTok'],
      [{ modelId: model.id, inputPerMTok: '1', outputPerMTok: '1', currency: 'usd' }, 400, 'currency'],
      [{ modelId: model.id, inputPerMTok: '1', outputPerMTok: '1', effectiveFrom: 'tomorrow' }, 400, 'effectiveFrom'],
      [{ modelId: foreignModel.id, inputPerMTok: '1', outputPerMTok: '1' }, 422, 'modelId'],
      [{ modelId: model.id, inputPerMTok: '1', outputPerMTok: '1', id: 'x' }, 400, 'id'],
    ];
    for (const [body, status, field] of cases) {
      const res = await api('POST', pricesPath, body);
      assert.equal(res.status, status, `${field}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.error.field, field, JSON.stringify(res.body));
    }
    assert.equal((await api('POST', pricesPath, { modelId: model.id, inputPerMTok: '1', outputPerMTok: '1' }, member)).status, 403, 'prices are admin-only');

    // deleting a model deletes its prices, and says so
    const priced = (await api('POST', modelsPath, { name: 'priced', kind: 'chat', contextWindow: 1000 })).body;
    const price = (await api('POST', pricesPath, { modelId: priced.id, inputPerMTok: '1', outputPerMTok: '2' })).body;
    assert.equal((await api('DELETE', `${modelsPath}/${priced.id}`)).status, 204);
    assert.equal((await api('GET', `${pricesPath}/${price.id}`)).status, 404);
    await events.waitFor((e) => e.some((x) => x.aggregateId === price.id && x.type === 'PriceChanged' && x.data.change === 'deleted'), 'PriceChanged deleted');
  });

  it('prices per GPU-hour: deployments only, token prices default to "0", carried by answers, the event and the snapshot', async () => {
    const dead = `http://127.0.0.1:${await closedPort()}/v1`;
    const dep = (await api('POST', `/api/v1/workspaces/${ws}/deployments`, deploymentBody('gpu-hour', [dead], { createRoute: false, resources: { cpuCores: 8, memoryGb: 64, gpuCount: 2, gpuType: 'L4' } }))).body;
    assert.ok(dep.id, JSON.stringify(dep));
    const jan = await api('POST', pricesPath, { deploymentId: dep.id, gpuHour: '2.40', effectiveFrom: '2026-01-01T00:00:00Z' });
    assert.equal(jan.status, 201, JSON.stringify(jan.body));
    const { id: _id, createdAt: _createdAt, ...janView } = jan.body;
    assert.deepEqual(janView, {
      workspaceId: ws,
      modelId: null,
      providerModelId: null,
      deploymentId: dep.id,
      inputPerMTok: '0',
      cachedInputPerMTok: '0',
      outputPerMTok: '0',
      gpuHour: '2.4',
      currency: 'USD',
      effectiveFrom: '2026-01-01T00:00:00.000Z',
    });
    const stored = await h.db.$queryRaw<Array<{ gpu_hour: string; input_per_mtok: string }>>`SELECT gpu_hour::text AS gpu_hour, input_per_mtok::text AS input_per_mtok FROM prices WHERE id = ${jan.body.id}::uuid`;
    assert.deepEqual(stored, [{ gpu_hour: '2.400000', input_per_mtok: '0.000000' }]);
    // token prices on top, and the smallest GPU-hour cost stays a plain decimal
    const jun = await api('POST', pricesPath, { deploymentId: dep.id, gpuHour: '0.000001', inputPerMTok: '0.1', outputPerMTok: '0.2', effectiveFrom: '2026-06-01T00:00:00Z' });
    assert.equal(jun.status, 201, JSON.stringify(jun.body));
    assert.deepEqual([jun.body.gpuHour, jun.body.inputPerMTok, jun.body.cachedInputPerMTok, jun.body.outputPerMTok], ['0.000001', '0.1', '0.1', '0.2']);

    // every answer carries it; a price without one says null
    assert.equal((await api('GET', `${pricesPath}/${jan.body.id}`, undefined, finance)).body.gpuHour, '2.4');
    const list = await api('GET', `${pricesPath}?deploymentId=${dep.id}`, undefined, member);
    assert.deepEqual(list.body.items.map((p: { gpuHour: string | null }) => p.gpuHour), ['0.000001', '2.4']);
    const march = await api('GET', `${pricesPath}/effective?deploymentId=${dep.id}&at=2026-03-01T00:00:00Z`, undefined, finance);
    assert.deepEqual([march.status, march.body.id, march.body.gpuHour], [200, jan.body.id, '2.4']);
    const model = (await api('GET', `${modelsPath}?q=gpt-4o`)).body.items[0];
    const tokensOnly = await api('GET', `${pricesPath}?modelId=${model.id}`);
    assert.ok(tokensOnly.body.items.length > 0);
    for (const p of tokensOnly.body.items) assert.equal(p.gpuHour, null, JSON.stringify(p));

    // the event, as it went over NATS
    const published = await waitFor('PriceChanged with gpuHour on NATS', () =>
      events.onNats.find((e) => e.type === 'PriceChanged' && e.aggregateId === jan.body.id),
    );
    assert.ok(published.type === 'PriceChanged');
    assert.equal(published.data.change, 'created');
    assert.deepEqual(
      [published.data.price?.deploymentId, published.data.price?.gpuHour, published.data.price?.inputPerMTok, published.data.price?.outputPerMTok],
      [dep.id, '2.4', '0', '0'],
    );
    // the snapshot the gateway and billing load
    const snap = decodeRegistrySnapshot(await requestClient(h.nc, h.namespace).request('RegistrySnapshot', { requester: 'test' }));
    const inSnap = (id: string) => snap.prices.find((p) => p.id === id);
    assert.equal(inSnap(jan.body.id)?.gpuHour, '2.4');
    assert.equal(inSnap(jun.body.id)?.gpuHour, '0.000001');
    assert.equal(inSnap(tokensOnly.body.items[0].id)?.gpuHour, null);

    // gpuHour is for deployments only; its decimal rule; the token prices stay required without it
    const provider = (await api('POST', `/api/v1/workspaces/${ws}/providers`, { name: 'gpu-hour-p', vendor: 'openai', models: [{ name: 'gpt-4o-mini' }] })).body;
    const pm = provider.models[0].id;
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ modelId: model.id, gpuHour: '1' }, 'gpuHour', /^gpuHour: only a deployment's price may have a GPU-hour cost/],
      [{ modelId: model.id, gpuHour: '1', inputPerMTok: '1', outputPerMTok: '1' }, 'gpuHour', /only a deployment's price/],
      [{ providerModelId: pm, gpuHour: '1' }, 'gpuHour', /only a deployment's price/],
      [{ deploymentId: dep.id, gpuHour: '-1' }, 'gpuHour', /^gpuHour: must be a non-negative decimal with at most 6 decimals/],
      [{ deploymentId: dep.id, gpuHour: '1.1234567' }, 'gpuHour', /at most 6 decimals/],
      [{ deploymentId: dep.id, gpuHour: 'abc' }, 'gpuHour', /at most 6 decimals/],
      [{ deploymentId: dep.id, gpuHour: 5 }, 'gpuHour', /as a string/],
      [{ deploymentId: dep.id, gpuHour: null }, 'gpuHour', /as a string/],
      [{ deploymentId: dep.id }, 'inputPerMTok', /^inputPerMTok: is required/],
      [{ deploymentId: dep.id, inputPerMTok: '1' }, 'outputPerMTok', /^outputPerMTok: is required/],
      [{ modelId: model.id, outputPerMTok: '1' }, 'inputPerMTok', /^inputPerMTok: is required/],
    ];
    for (const [body, field, rule] of cases) {
      const res = await api('POST', pricesPath, { effectiveFrom: '2026-09-01T00:00:00Z', ...body });
      assert.equal(res.status, 400, `${JSON.stringify(body)}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.error.field, field, JSON.stringify(res.body));
      assert.match(res.body.error.message, rule, JSON.stringify(res.body));
    }
    assert.equal((await api('POST', pricesPath, { deploymentId: dep.id, gpuHour: '1' }, member)).status, 403, 'prices are admin-only');

    // another workspace cannot price this deployment: not from its own workspace (unknown reference), not in ours
    const outsider = (await h.createUser({ email: 'admin@mp-other.io', password: 'password-outsider', workspaceId: other, role: 'admin' })).token;
    const fromTheirs = await api('POST', `/api/v1/workspaces/${other}/prices`, { deploymentId: dep.id, gpuHour: '0.01' }, outsider);
    assert.deepEqual([fromTheirs.status, fromTheirs.body.error?.field], [422, 'deploymentId'], JSON.stringify(fromTheirs.body));
    assert.equal((await api('POST', pricesPath, { deploymentId: dep.id, gpuHour: '0.01' }, outsider)).status, 404);
    assert.equal(await h.db.price.count({ where: { deploymentId: dep.id } }), 2, 'no refused request wrote a price');
  });
});
