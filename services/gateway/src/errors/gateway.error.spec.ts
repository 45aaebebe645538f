import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { UpstreamError } from '@switchyard/upstream-http';
import { fastifyErrorToGateway } from '../http/openai.routes';
import { clientErrorFor, mappedUpstreamError } from '../proxy/attempt.runner';
import type { ResolvedTarget } from '../routing/target.resolver';
import { fromOpenAiError, GatewayErrors } from './gateway.error';

const target = { kind: 'deployment', instanceId: 'inst_1', name: 'llama' } as ResolvedTarget;
const providerTarget = { kind: 'provider', instanceId: 'provider:p:k', name: 'openai-main' } as ResolvedTarget;

describe('error mapping', () => {
  it('gives every refusal its status and OpenAI shape', () => {
    const cases: Array<[ReturnType<(typeof GatewayErrors)[keyof typeof GatewayErrors]>, number, string]> = [
      [GatewayErrors.missingKey(), 401, 'authentication_error'],
      [GatewayErrors.invalidKey(), 401, 'authentication_error'],
      [GatewayErrors.revokedKey(), 401, 'authentication_error'],
      [GatewayErrors.expiredKey(), 401, 'authentication_error'],
      [GatewayErrors.routeNotAllowed('m'), 403, 'permission_error'],
      [GatewayErrors.unknownModel('m'), 404, 'not_found_error'],
      [GatewayErrors.invalidBody('x', 'p'), 400, 'invalid_request_error'],
      [GatewayErrors.tooLarge(10), 413, 'invalid_request_error'],
      [GatewayErrors.rateLimited('requests', 2.2), 429, 'rate_limit_error'],
      [GatewayErrors.budgetExceeded('workspace'), 402, 'insufficient_quota'],
      [GatewayErrors.deploymentStopped('llama'), 503, 'overloaded_error'],
      [GatewayErrors.noHealthyInstance('llama'), 503, 'overloaded_error'],
      [GatewayErrors.upstreamFailed('x'), 502, 'upstream_error'],
      [GatewayErrors.upstreamTimeout('x'), 504, 'timeout_error'],
    ];
    for (const [error, status, type] of cases) {
      assert.equal(error.status, status);
      const body = error.toBody();
      assert.deepEqual(Object.keys(body.error).sort(), ['code', 'message', 'param', 'type']);
      assert.equal(body.error.type, type);
      assert.equal(typeof body.error.message, 'string');
    }
    assert.equal(GatewayErrors.rateLimited('tokens', 2.2).headers['retry-after'], '3');
    assert.equal(GatewayErrors.rateLimited('tokens', 0).headers['retry-after'], '1');
    assert.equal(GatewayErrors.deploymentStopped('llama').message, 'deployment llama is stopped');
    assert.match(GatewayErrors.noHealthyInstance('llama').message, /llama/);
    assert.equal(GatewayErrors.invalidBody('x', 'messages').toBody().error.param, 'messages');
  });

  it('maps upstream transport failures to 502 and timeouts to 504, naming the instance', () => {
    const timeout = clientErrorFor(new UpstreamError('first-byte timeout', 'inst_1', 'timeout', undefined, true), target);
    assert.equal(timeout.status, 504);
    assert.match(timeout.message, /inst_1/);
    assert.equal(clientErrorFor(new UpstreamError('refused', 'inst_1', 'connect', undefined, true), target).status, 502);
    assert.equal(clientErrorFor(new UpstreamError('reset', 'inst_1', 'reset', undefined, true), target).status, 502);
  });

  it('turns a provider rejecting our credentials into a retryable 502, never a 401 for the client', () => {
    const e = mappedUpstreamError({ status: 401, type: 'authentication_error', code: 'invalid_api_key', message: 'bad key', retryable: false }, providerTarget);
    assert.equal(e.status, 502);
    assert.equal(e.retryable, true);
    assert.doesNotMatch(e.message, /bad key/);
    const passthrough = mappedUpstreamError({ status: 400, type: 'invalid_request_error', code: 'context_length_exceeded', message: 'too long', retryable: false }, target);
    assert.equal(passthrough.status, 400);
    assert.equal(passthrough.code, 'context_length_exceeded');
    assert.equal(fromOpenAiError({ status: 503, type: 'overloaded_error', code: null, message: 'busy', retryable: true }).retryable, true);
  });

  it('maps Fastify parse and limit failures', () => {
    const tooLarge = Object.assign(new Error('too large'), { code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413, name: 'FastifyError' });
    assert.equal(fastifyErrorToGateway(tooLarge, 100).status, 413);
    const media = Object.assign(new Error('media'), { code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE', statusCode: 415, name: 'FastifyError' });
    assert.equal(fastifyErrorToGateway(media, 100).status, 400);
    const other = Object.assign(new Error('bad'), { code: 'X', statusCode: 400, name: 'FastifyError' });
    assert.equal(fastifyErrorToGateway(other, 100).status, 400);
    const boom = Object.assign(new Error('boom'), { code: 'Y', name: 'Error' });
    assert.equal(fastifyErrorToGateway(boom, 100).status, 500);
  });
});
