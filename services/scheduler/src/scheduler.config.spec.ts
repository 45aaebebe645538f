import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '@switchyard/config';
import { DEFAULT_ENGINE_COMMAND, listenPort, REPO_ROOT, schedulerConfigSchema } from './scheduler.config';

const load = (env: Record<string, string>) => loadConfig('scheduler', schedulerConfigSchema, env);

describe('scheduler configuration', () => {
  it('has working defaults: port 3002, engine-sim from the repository root, 5 s leader lease', () => {
    const c = load({});
    assert.equal(listenPort(c), 3002);
    assert.equal(c.ENGINE_COMMAND, DEFAULT_ENGINE_COMMAND);
    assert.equal(c.ENGINE_CWD, REPO_ROOT);
    assert.deepEqual(c.ENGINE_PORT_RANGE, [18000, 18999]);
    assert.equal(c.LEADER_TTL_MS, 5000);
    assert.equal(c.ENGINE_ALLOW_DEPLOYMENT_ARGS, false);
    assert.deepEqual(c.ENGINE_ENV_PASSTHROUGH, []);
  });

  it('prefers SCHEDULER_PORT over PORT', () => {
    assert.equal(listenPort(load({ PORT: '4000' })), 4000);
    assert.equal(listenPort(load({ PORT: '4000', SCHEDULER_PORT: '4100' })), 4100);
  });

  it('names the bad variable', () => {
    for (const [name, value] of [['ENGINE_PORT_RANGE', '9000-8000'], ['ENGINE_PORT_RANGE', '1-70000; rm'], ['REDIS_PREFIX', 'a b'], ['ENGINE_ENV_PASSTHROUGH', 'A,$(id)'], ['LEADER_TTL_MS', '-1'], ['SCHEDULER_ID', 'x'.repeat(200)]]) {
      assert.throws(() => load({ [name]: value }), (e: unknown) => e instanceof ConfigError && e.message.includes(name), name);
    }
    assert.deepEqual(load({ ENGINE_ENV_PASSTHROUGH: 'CUDA_VISIBLE_DEVICES,HF_HOME' }).ENGINE_ENV_PASSTHROUGH, ['CUDA_VISIBLE_DEVICES', 'HF_HOME']);
  });
});
