import 'reflect-metadata';
import type { IncomingMessage } from 'node:http';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { DynamicModule, Type } from '@nestjs/common';
import type { ZodTypeAny, z } from 'zod';
import { ConfigError, loadConfig } from '@switchyard/config';
import { createLogger, createMetrics, requestIdFrom, traceIdFrom, type Logger, type Metrics } from '@switchyard/observability';
import { PinoNestLogger } from './pino-nest.logger';

export interface ServiceDefinition<C> {
  /** Service name, used in logs, metrics and readiness answers. */
  service: string;
  config: C & { HOST: string; LOG_LEVEL: string; SHUTDOWN_TIMEOUT_MS: number };
  port: number;
  /** Builds the root module once logger and metrics exist. */
  module: (deps: { logger: Logger; metrics: Metrics }) => DynamicModule | Type<unknown>;
  /** Largest request body accepted (413 beyond). Default 1 MiB. */
  bodyLimit?: number;
  /** Called after the app is created and before it listens (register filters, swagger, microservices…). */
  configure?: (app: NestFastifyApplication, deps: { logger: Logger; metrics: Metrics }) => Promise<void> | void;
  /** Write errors to stderr as one line and exit 1 instead of throwing (the default when run as a process). */
  exitOnError?: boolean;
}

export interface RunningService {
  app: NestFastifyApplication;
  logger: Logger;
  metrics: Metrics;
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Validates the environment against a schema; on failure prints one line naming the variable and exits 1. */
export function loadConfigOrExit<S extends ZodTypeAny>(service: string, schema: S, env = process.env): Readonly<z.infer<S>> {
  try {
    return loadConfig(service, schema, env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

/**
 * Creates, configures and starts a service. On SIGTERM/SIGINT it stops accepting connections, lets in-flight
 * requests finish (Nest shutdown hooks close NATS consumers, pools…) and exits; a timer forces the exit
 * after SHUTDOWN_TIMEOUT_MS (default 10 s) if something hangs.
 */
export async function bootstrapService<C>(def: ServiceDefinition<C>): Promise<RunningService> {
  const logger = createLogger({ service: def.service, level: def.config.LOG_LEVEL });
  const metrics = createMetrics(def.service);
  const adapter = new FastifyAdapter({
    bodyLimit: def.bodyLimit ?? 1024 * 1024,
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    requestIdHeader: false,
    genReqId: (req: IncomingMessage) => requestIdFrom(req.headers['x-request-id']),
  });
  const instance = adapter.getInstance();
  // While closing, answers in flight tell keep-alive clients to go away, so the close completes once they are done.
  let closing = false;
  instance.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  instance.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) void reply.header('connection', 'close');
    done(null, payload);
  });
  instance.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    const traceId = traceIdFrom(request.headers.traceparent);
    if (traceId) request.log = request.log.child({ traceId });
    done();
  });

  const app = await NestFactory.create<NestFastifyApplication>(def.module({ logger, metrics }), adapter, {
    logger: new PinoNestLogger(logger),
    abortOnError: false,
  });
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  await def.configure?.(app, { logger, metrics });

  const onSignal = (signal: NodeJS.Signals) => {
    logger.info({ signal }, 'shutting down: draining in-flight work');
    setTimeout(() => {
      logger.error({ timeoutMs: def.config.SHUTDOWN_TIMEOUT_MS }, 'shutdown timed out; exiting');
      logger.flush();
      process.exit(1);
    }, def.config.SHUTDOWN_TIMEOUT_MS).unref();
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);

  await app.listen(def.port, def.config.HOST);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : def.port;
  const url = `http://${def.config.HOST}:${port}`;
  logger.info({ url }, `${def.service} listening`);
  return {
    app,
    logger,
    metrics,
    url,
    port,
    close: async () => {
      process.removeListener('SIGTERM', onSignal);
      process.removeListener('SIGINT', onSignal);
      await app.close();
    },
  };
}
