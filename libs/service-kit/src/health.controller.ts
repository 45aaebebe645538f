import { Controller, Get, Header, HttpCode, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Metrics } from '@switchyard/observability';
import { ReadinessRegistry } from './readiness.registry';
import { METRICS, SERVICE_NAME } from './service-kit.tokens';

@Controller()
export class HealthController {
  constructor(
    private readonly readiness: ReadinessRegistry,
    @Inject(METRICS) private readonly metrics: Metrics,
    @Inject(SERVICE_NAME) private readonly service: string,
  ) {}

  /** The process is alive and its event loop answers. */
  @Get('healthz')
  @HttpCode(200)
  healthz(): { status: 'ok'; service: string } {
    return { status: 'ok', service: this.service };
  }

  /** Every dependency is reachable; 503 naming the missing ones otherwise. */
  @Get('readyz')
  async readyz(@Res() reply: FastifyReply): Promise<void> {
    const report = await this.readiness.report();
    if (report.ready && report.missing.length === 0) {
      await reply.code(200).send({ status: 'ready', service: this.service, checks: report.checks });
      return;
    }
    if (report.ready) {
      // Only optional dependencies are down: the service still does its work (e.g. the gateway from its mirror).
      await reply.code(200).send({
        status: 'degraded',
        service: this.service,
        checks: report.checks,
        missing: report.missing,
        message: `serving without: ${report.missing.join(', ')}`,
      });
      return;
    }
    await reply.code(503).send({
      status: 'not-ready',
      service: this.service,
      checks: report.checks,
      missing: report.missing,
      message: `not ready: ${report.missing.join(', ')} unreachable`,
    });
  }

  @Get('metrics')
  @Header('Cache-Control', 'no-store')
  async metricsText(@Res() reply: FastifyReply): Promise<void> {
    const body = await this.metrics.render();
    await reply.header('Content-Type', this.metrics.contentType).send(body);
  }
}
