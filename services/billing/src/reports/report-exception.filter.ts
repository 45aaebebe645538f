import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Logger } from '@switchyard/observability';
import { ReportError } from './report.error';

/** One error body for the billing API: `{"error":{"status","code","message","field"?}}`; no internals leak. */
@Catch()
export class ReportExceptionFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    let status = 500;
    let code = 'internal';
    let message = 'internal error';
    let field: string | undefined;
    if (exception instanceof ReportError) {
      ({ status, code, message, field } = exception);
    } else if (exception instanceof HttpException) {
      status = exception.getStatus();
      code = status === 404 ? 'not_found' : 'http_error';
      message = status === 404 ? 'no such endpoint' : exception.message;
    } else {
      this.logger.error({ err: exception instanceof Error ? { name: exception.name, message: exception.message } : String(exception) }, 'unhandled error');
    }
    void reply.status(status).header('content-type', 'application/json; charset=utf-8').send({ error: { status, code, message, ...(field ? { field } : {}) } });
  }
}
