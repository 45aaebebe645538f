import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '@switchyard/config';
import { gatewayConfigSchema, kafkaBrokers, listenPort } from './gateway.config';

describe('gateway configuration', () => {
  it('has defaults for everything', () => {
    const c = loadConfig('gateway', gatewayConfigSchema, {});
    assert.equal(listenPort(c), 8080);
    assert.equal(c.GATEWAY_MAX_ATTEMPTS, 3);
    assert.equal(c.GATEWAY_RETRY_BUDGET_RATIO, 0.2);
    assert.equal(c.GATEWAY_USAGE_SINK, 'stream');
    assert.deepEqual(kafkaBrokers(c), []);
  });
  it('takes GATEWAY_PORT over PORT, and PORT alone', () => {
    assert.equal(listenPort(loadConfig('gateway', gatewayConfigSchema, { PORT: '9000' })), 9000);
    assert.equal(listenPort(loadConfig('gateway', gatewayConfigSchema, { PORT: '9000', GATEWAY_PORT: '9100' })), 9100);
    assert.deepEqual(kafkaBrokers(loadConfig('gateway', gatewayConfigSchema, { KAFKA_BROKERS: 'a:9092, b:9092,' })), ['a:9092', 'b:9092']);
  });
  it('names the bad variable', () => {
    assert.throws(() => loadConfig('gateway', gatewayConfigSchema, { GATEWAY_PORT: 'http' }), (e: unknown) => e instanceof ConfigError && /GATEWAY_PORT/.test(e.message));
    assert.throws(() => loadConfig('gateway', gatewayConfigSchema, { GATEWAY_RETRY_BUDGET_RATIO: '2' }), /GATEWAY_RETRY_BUDGET_RATIO/);
    assert.throws(() => loadConfig('gateway', gatewayConfigSchema, { GATEWAY_USAGE_SINK: 'kafka' }), /GATEWAY_USAGE_SINK/);
  });
  it('wants the standalone variables together', () => {
    assert.throws(() => loadConfig('gateway', gatewayConfigSchema, { GATEWAY_STANDALONE_MODEL: 'm' }), /GATEWAY_STANDALONE_UPSTREAM/);
    const c = loadConfig('gateway', gatewayConfigSchema, { GATEWAY_STANDALONE_UPSTREAM: 'http://127.0.0.1:9/v1', GATEWAY_STANDALONE_MODEL: 'm', GATEWAY_STANDALONE_API_KEY: 'k' });
    assert.equal(c.GATEWAY_STANDALONE_MODEL, 'm');
  });
});
