import 'reflect-metadata';
import { Controller, Inject, Module, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { AggregateSubjects, Subjects, type EventEnvelope } from '@switchyard/contracts';
import { JetStreamContext, JetStreamServer, type JetStreamServerOptions } from '../../src';
import { NATS_URL, testLogger } from './fixtures';

export type ProbeFn = (env: EventEnvelope, ctx: JetStreamContext) => Promise<void> | void;

/** What the test controller calls; tests swap the functions. */
export interface Probe {
  scaled: ProbeFn;
  route: ProbeFn;
}

const PROBE = Symbol('probe');

@Controller()
class EventsController {
  constructor(@Inject(PROBE) private readonly probe: Probe) {}

  @EventPattern(Subjects.DeploymentScaled)
  async onScaled(@Payload() env: EventEnvelope<'DeploymentScaled'>, @Ctx() ctx: JetStreamContext): Promise<void> {
    await this.probe.scaled(env, ctx);
  }

  @EventPattern(AggregateSubjects.route)
  async onRoute(@Payload() env: EventEnvelope, @Ctx() ctx: JetStreamContext): Promise<void> {
    await this.probe.route(env, ctx);
  }
}

export interface ConsumerApp {
  app: INestMicroservice;
  server: JetStreamServer;
  probe: Probe;
}

/** A Nest microservice whose only transport is the JetStream server, with @EventPattern handlers. */
export async function startConsumerApp(
  options: Omit<JetStreamServerOptions, 'url' | 'service'> & { service?: string },
  probe: Partial<Probe> = {},
): Promise<ConsumerApp> {
  const fullProbe: Probe = { scaled: () => undefined, route: () => undefined, ...probe };
  @Module({ controllers: [EventsController], providers: [{ provide: PROBE, useValue: fullProbe }] })
  class ConsumerModule {}
  const server = new JetStreamServer({
    url: NATS_URL,
    service: options.service ?? 'consumer-test',
    retryDelayMs: 20,
    maxRetryDelayMs: 100,
    logger: testLogger(),
    ...options,
  });
  const app = await NestFactory.createMicroservice(ConsumerModule, { strategy: server, logger: false });
  try {
    await app.listen();
  } catch (err) {
    await app.close();
    throw err;
  }
  return { app, server, probe: fullProbe };
}
