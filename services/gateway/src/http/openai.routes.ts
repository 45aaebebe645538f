// The OpenAI-compatible API as raw Fastify routes in their own scope (no Nest controller on the hot path): bodies
// kept as bytes (validated by the proxy: strict UTF-8, JSON, types), body limit 413, every error OpenAI-shaped.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Endpoint } from '../providers';
import { GatewayError, GatewayErrors } from '../errors/gateway.error';
import type { ProxyService } from '../proxy/proxy.service';
import type { ModelsHandler } from './models.handler';
import { installFastPath } from './fast-path.listener';

export interface OpenAiRoutesDeps {
  proxy: ProxyService;
  models: ModelsHandler;
  bodyLimit: number;
  /** False until the first registry snapshot is loaded: answer 503 instead of refusing every key. */
  ready: () => boolean;
}

const POST_ROUTES: ReadonlyArray<[string, Endpoint]> = [
  ['/v1/chat/completions', 'chat'],
  ['/v1/completions', 'completion'],
  ['/v1/embeddings', 'embedding'],
];

const notReady = () =>
  new GatewayError(503, 'overloaded_error', 'gateway_starting', 'The gateway is starting: its registry snapshot is not loaded yet.', null, true, { 'retry-after': '1' });

/** Fastify's own failures (parsing, limits) as OpenAI errors. */
export function fastifyErrorToGateway(err: FastifyError, bodyLimit: number): GatewayError {
  if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || err.statusCode === 413) return GatewayErrors.tooLarge(bodyLimit);
  if (err.statusCode === 415 || err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return GatewayErrors.invalidBody('Send the body as application/json.', null, 'unsupported_media_type');
  }
  if (err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500) {
    return GatewayErrors.invalidBody('The request could not be read.', null);
  }
  return GatewayErrors.internal();
}

function send(reply: FastifyReply, error: GatewayError): void {
  void reply.code(error.status).headers(error.headers).type('application/json').send(error.toBody());
}

export function registerOpenAiRoutes(app: FastifyInstance, deps: OpenAiRoutesDeps): void {
  // The hot POST calls skip Fastify (see fast-path.listener.ts); the routes below serve everything else.
  let closing = false;
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  installFastPath(app.server, {
    handle: (endpoint, call) => deps.proxy.handle(endpoint, call),
    bodyLimit: deps.bodyLimit,
    ready: deps.ready,
    closing: () => closing,
  });
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: deps.bodyLimit }, (_req: FastifyRequest, body: Buffer | string, done: (err: Error | null, body?: unknown) => void) => {
      done(null, body);
    });
    scope.setErrorHandler((err: FastifyError, _req, reply) => send(reply, fastifyErrorToGateway(err, deps.bodyLimit)));

    for (const [path, endpoint] of POST_ROUTES) {
      scope.post(path, { bodyLimit: deps.bodyLimit }, async (req, reply) => {
        if (!deps.ready()) return send(reply, notReady());
        reply.hijack();
        await deps.proxy.handle(endpoint, { requestId: String(req.id), headers: req.headers, body: req.body, clientIp: req.ip, res: reply.raw });
      });
    }
    scope.get('/v1/models', async (req, reply) => {
      if (!deps.ready()) return send(reply, notReady());
      const result = deps.models.list(req.headers.authorization);
      if (result instanceof GatewayError) return send(reply, result);
      return reply.type('application/json').send(result);
    });
    scope.get<{ Params: { '*': string } }>('/v1/models/*', async (req, reply) => {
      if (!deps.ready()) return send(reply, notReady());
      const result = deps.models.retrieve(req.headers.authorization, req.params['*']);
      if (result instanceof GatewayError) return send(reply, result);
      return reply.type('application/json').send(result);
    });
  });
}
