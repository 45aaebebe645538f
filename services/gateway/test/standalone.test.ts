import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '@switchyard/config';
import type { EngineSimHandle } from '@switchyard/engine-sim';
import { natsNamespace, redisPrefix } from '@switchyard/testing';
import { gatewayConfigSchema } from '../src/gateway.config';
import { startGateway, type RunningGateway } from '../src/gateway.app';
import { startSims } from './support/gateway-harness';
import { bearer, chatBody, post } from './support/http-client';

describe('gateway: standalone mode (no registry, one static route)', () => {
  let sims: EngineSimHandle[];
  let gw: RunningGateway;

  before(async () => {
    sims = await startSims(1, 'bench-model');
    const config = loadConfig('gateway', gatewayConfigSchema, {
      LOG_LEVEL: 'silent',
      NATS_NAMESPACE: natsNamespace('sa'),
      REDIS_PREFIX: redisPrefix('sa'),
      GATEWAY_USAGE_SINK: 'log',
      GATEWAY_STANDALONE_UPSTREAM: `${sims[0].url}/v1`,
      GATEWAY_STANDALONE_MODEL: 'bench-model',
      GATEWAY_STANDALONE_API_KEY: 'bench',
    });
    gw = await startGateway(config, { port: 0 });
  });

  after(async () => {
    await gw?.close();
    await Promise.all((sims ?? []).map((s) => s.close()));
  });

  it('is ready at once and routes the one model with the one key', async () => {
    assert.equal((await fetch(`${gw.url}/readyz`)).status, 200);
    const ok = await post(`${gw.url}/v1/chat/completions`, chatBody('bench-model', { stream: true }), bearer('bench'));
    assert.equal(ok.status, 200);
    assert.match(ok.text, /\[DONE\]/);
    assert.equal((await post(`${gw.url}/v1/chat/completions`, chatBody('bench-model'), bearer('other'))).status, 401);
    assert.equal((await post(`${gw.url}/v1/chat/completions`, chatBody('other-model'), bearer('bench'))).status, 404);
  });
});
