import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { loadConfig, ConfigError, ConfigService, env } from './index';

const schema = z.object({ PORT: env.port(3001), NATS_URL: env.natsUrl(), LOG_LEVEL: env.logLevel(), FLAG: env.bool(false) });

describe('loadConfig', () => {
  it('applies defaults and coerces types', () => {
    const config = loadConfig('svc', schema, {});
    assert.equal(config.PORT, 3001);
    assert.equal(config.NATS_URL, 'nats://127.0.0.1:4222');
    assert.equal(config.LOG_LEVEL, 'info');
    assert.equal(config.FLAG, false);
    assert.ok(Object.isFrozen(config));
  });

  it('names the wrong variable, the rule and the value in one line', () => {
    assert.throws(
      () => loadConfig('registry', schema, { PORT: 'eighty' }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.match(error.message, /^registry: invalid configuration: PORT: must be a number \(got "eighty"\)$/);
        assert.ok(!error.message.includes('\n'));
        return true;
      },
    );
  });

  it('rejects out-of-range ports, bad URLs and bad enums, listing every one', () => {
    try {
      loadConfig('gw', schema, { PORT: '70000', NATS_URL: 'http://x', LOG_LEVEL: 'loud', FLAG: 'maybe' });
      assert.fail('should have thrown');
    } catch (error) {
      assert.ok(error instanceof ConfigError);
      assert.equal(error.issues.length, 4);
      assert.match(error.message, /PORT: must be between 0 and 65535/);
      assert.match(error.message, /NATS_URL: must be a URL starting with nats:\/\/ or tls:\/\//);
      assert.match(error.message, /LOG_LEVEL: must be one of/);
      assert.match(error.message, /FLAG: must be true or false/);
    }
  });

  it('truncates very long values in the message', () => {
    try {
      loadConfig('gw', schema, { NATS_URL: 'x'.repeat(500) });
      assert.fail('should have thrown');
    } catch (error) {
      assert.ok(error instanceof ConfigError);
      assert.ok(error.message.length < 250);
    }
  });

  it('ConfigService gives typed access', () => {
    const service = new ConfigService(loadConfig('svc', schema, { PORT: '8080', FLAG: 'yes' }));
    assert.equal(service.get('PORT'), 8080);
    assert.equal(service.get('FLAG'), true);
  });
});

describe('secret-named variables', () => {
  it('never echo the rejected value of a key, token, password or URL (URLs carry credentials)', () => {
    const schema = z.object({ SWITCHYARD_MASTER_KEY: z.string().length(44), ADMIN_PASSWORD: z.string().min(99), DATABASE_URL: z.string().url() });
    const env = { SWITCHYARD_MASTER_KEY: 'c2VjcmV0LXRoYXQtaXMtd3Jvbmc=', ADMIN_PASSWORD: 'hunter2', DATABASE_URL: 'postgres://u:pw@' };
    try {
      loadConfig('registry', schema, env);
      assert.fail('should have thrown');
    } catch (error) {
      assert.ok(error instanceof ConfigError);
      for (const secret of Object.values(env)) assert.ok(!error.message.includes(secret), error.message);
      assert.match(error.message, /SWITCHYARD_MASTER_KEY: .*got a value of 28 characters, not shown/);
    }
  });
});
