import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiQuery, ApiResponse } from '@nestjs/swagger';
import type { ZodTypeAny } from 'zod';
import { zodToOpenApi } from './zod-openapi';

const ERROR_TEXT: Record<number, [string, string]> = {
  400: ['invalid_request', 'name: must not be empty'],
  401: ['unauthorized', 'authentication required'],
  403: ['forbidden', 'your role does not allow this'],
  404: ['not_found', 'workspace not found'],
  409: ['conflict', 'name is already used'],
  413: ['payload_too_large', 'request body is larger than 1 MB'],
  422: ['unprocessable', 'the change is not allowed'],
  429: ['too_many_attempts', 'too many failed logins; retry in 60 s'],
};

const errorSchema = {
  type: 'object' as const,
  properties: {
    error: {
      type: 'object' as const,
      properties: {
        status: { type: 'integer' as const },
        code: { type: 'string' as const },
        message: { type: 'string' as const },
        field: { type: 'string' as const },
      },
      required: ['status', 'code', 'message'],
    },
  },
};

/** The request body: the zod schema the handler validates with, plus named examples. */
export function ApiInput(schema: ZodTypeAny, examples: Record<string, unknown>): MethodDecorator {
  return ApiBody({
    schema: zodToOpenApi(schema) as Record<string, unknown>,
    examples: Object.fromEntries(Object.entries(examples).map(([name, value]) => [name, { summary: name, value }])),
  });
}

/** A success answer with an example. */
export function ApiOutput(status: number, description: string, example?: unknown): MethodDecorator & ClassDecorator {
  return ApiResponse(example === undefined ? { status, description } : { status, description, content: { 'application/json': { example } } });
}

/** The error answers a handler can give (the one error body of the service). */
export function ApiErrors(...statuses: number[]): MethodDecorator {
  return applyDecorators(
    ...statuses.map((status) => {
      const [code, message] = ERROR_TEXT[status] ?? ['error', 'error'];
      return ApiResponse({
        status,
        description: code,
        content: { 'application/json': { schema: errorSchema, example: { error: { status, code, message } } } },
      });
    }),
  );
}

/** Pagination and search query parameters of list endpoints, plus named filters. */
export function ApiListQuery(filters: Record<string, string> = {}): MethodDecorator {
  return applyDecorators(
    ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } }),
    ApiQuery({ name: 'offset', required: false, schema: { type: 'integer', minimum: 0, default: 0 } }),
    ApiQuery({ name: 'q', required: false, description: 'case-insensitive search in names', schema: { type: 'string' } }),
    ...Object.entries(filters).map(([name, description]) => ApiQuery({ name, required: false, description, schema: { type: 'string' } })),
  );
}

/** A page example. */
export function pageExample<T>(item: T): { items: T[]; total: number; limit: number; offset: number } {
  return { items: [item], total: 1, limit: 50, offset: 0 };
}
