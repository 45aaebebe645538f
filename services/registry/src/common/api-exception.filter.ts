import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Logger } from '@switchyard/observability';
import { Prisma } from '@switchyard/registry-store';
import { ApiError } from './api.error';

export interface ErrorBody {
  error: { status: number; code: string; message: string; field?: string };
}

/** Maps anything thrown to the one error body. Unknown errors become 500 without details (logged, redacted). */
export function toErrorBody(error: unknown, logger?: Logger): ErrorBody {
  if (error instanceof ApiError) {
    return { error: { status: error.status, code: error.code, message: error.message, ...(error.field ? { field: error.field } : {}) } };
  }
  if (error instanceof Prisma.PrismaClientKnownRequestError) {
    // Safety net for writes that did not map their own errors: never echo the driver's message.
    if (error.code === 'P2002') return { error: { status: 409, code: 'conflict', message: 'an object with these values already exists' } };
    if (error.code === 'P2025') return { error: { status: 404, code: 'not_found', message: 'object not found' } };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    return { error: { status, ...httpErrorText(status, error.message) } };
  }
  const fastifyError = error as { statusCode?: number; code?: string; message?: string };
  if (typeof fastifyError?.statusCode === 'number' && fastifyError.statusCode < 500) {
    const status = fastifyError.statusCode;
    if (fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || status === 413) {
      return { error: { status: 413, code: 'payload_too_large', message: 'request body is larger than 1 MB' } };
    }
    if (fastifyError.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || status === 415) {
      return { error: { status: 415, code: 'unsupported_media_type', message: 'send application/json' } };
    }
    if (fastifyError.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
      return { error: { status: 400, code: 'invalid_request', message: 'a JSON object body is required' } };
    }
    return { error: { status, code: 'invalid_request', message: status === 400 ? 'malformed JSON body' : 'bad request' } };
  }
  logger?.error({ err: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error) }, 'unhandled error');
  return { error: { status: 500, code: 'internal', message: 'internal error' } };
}

@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const body = toErrorBody(exception, this.logger);
    void reply.status(body.error.status).header('content-type', 'application/json; charset=utf-8').send(body);
  }
}

/** Code and message for framework-level HTTP errors (routing, body parsing, size). Pure. */
function httpErrorText(status: number, message: string): { code: string; message: string } {
  switch (status) {
    case 400:
      return { code: 'invalid_request', message: /json/i.test(message) ? 'malformed JSON body' : 'bad request' };
    case 404:
      return { code: 'not_found', message: 'no such endpoint' };
    case 405:
      return { code: 'method_not_allowed', message: 'method not allowed' };
    case 413:
      return { code: 'payload_too_large', message: 'request body is larger than 1 MB' };
    case 415:
      return { code: 'unsupported_media_type', message: 'send application/json' };
    default:
      return { code: 'http_error', message: status < 500 ? message : 'internal error' };
  }
}
