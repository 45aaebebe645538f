import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseServers, redactUrl } from './nats-connection';

describe('NATS URL handling', () => {
  it('never shows credentials in the logged URL', () => {
    assert.equal(redactUrl('nats://user:s3cret@nats-1:4222'), 'nats://nats-1:4222');
    assert.equal(redactUrl('nats://tok@a:4222, nats://b:4222'), 'nats://a:4222,nats://b:4222');
    assert.equal(redactUrl('nats://127.0.0.1:4222'), 'nats://127.0.0.1:4222');
  });

  it('splits servers and takes user/password or a token out of the URL', () => {
    assert.deepEqual(parseServers('nats://a:4222,nats://b:4222'), { servers: ['nats://a:4222', 'nats://b:4222'], user: undefined, pass: undefined, token: undefined });
    assert.deepEqual(parseServers('nats://gw:p%40ss@a:4222'), { servers: ['nats://a:4222'], user: 'gw', pass: 'p@ss', token: undefined });
    assert.deepEqual(parseServers('nats://t0ken@a:4222'), { servers: ['nats://a:4222'], user: undefined, pass: undefined, token: 't0ken' });
    assert.deepEqual(parseServers('127.0.0.1:4222').servers, ['127.0.0.1:4222']);
    assert.deepEqual(parseServers(' , ').servers, []);
  });
});
