import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Logger } from '@switchyard/observability';
import { ApiError } from './api.error';

export interface ErrorBody {
  error: { status: number; code: string; message: string };
}

/** Maps anything thrown to the one error body. Unknown errors become 500 without details (logged). */
export function toErrorBody(error: unknown, logger?: Logger): ErrorBody {
  if (error instanceof ApiError) return { error: { status: error.status, code: error.code, message: error.message } };
  if (error instanceof HttpException) {
    const status = error.getStatus();
    return { error: { status, code: status === 404 ? 'not_found' : 'http_error', message: status === 404 ? 'no such endpoint' : error.message } };
  }
  const fastifyError = error as { statusCode?: number };
  if (typeof fastifyError?.statusCode === 'number' && fastifyError.statusCode < 500) {
    return { error: { status: fastifyError.statusCode, code: 'invalid_request', message: 'bad request' } };
  }
  logger?.error({ err: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error) }, 'unhandled error');
  return { error: { status: 500, code: 'internal', message: 'internal error' } };
}

/** The health monitor's one exception filter. */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') return;
    const body = toErrorBody(error, this.logger);
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    void reply.code(body.error.status).send(body);
  }
}
