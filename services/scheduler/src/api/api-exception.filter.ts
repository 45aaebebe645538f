import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { RolloutCommandError } from '../rollouts/rollout.coordinator';

/** REST errors as {error: {code, message, retryable}}; anything unexpected is a 500 without details. */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (exception instanceof RolloutCommandError) {
      void reply.code(exception.status).send({ error: { code: codeFor(exception.status), message: exception.message, retryable: exception.retryable } });
      return;
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      void reply.code(status).send({ error: { code: codeFor(status), message: exception.message, retryable: status >= 500 } });
      return;
    }
    void reply.code(500).send({ error: { code: 'internal', message: 'internal error', retryable: true } });
  }
}

function codeFor(status: number): string {
  return ({ 400: 'bad_request', 404: 'not_found', 409: 'conflict', 503: 'not_leader' } as Record<number, string>)[status] ?? 'error';
}
