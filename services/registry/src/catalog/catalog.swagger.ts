import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiQuery, ApiResponse } from '@nestjs/swagger';

// OpenAPI decorators shared by the catalog controllers, so every endpoint documents its body, examples, answers
// and errors the same way.

const ERROR_TEXT: Record<number, string> = {
  400: 'Invalid input: `{"error":{"status":400,"code":"invalid_request","message":"<field>: <rule>","field":"<field>"}}`',
  401: 'No or expired access token',
  403: 'Your role in this workspace does not allow this',
  404: 'No such object in this workspace (also for objects of other workspaces)',
  409: 'Duplicate name or a conflicting state',
  413: 'Body larger than 1 MB',
  422: 'Valid JSON that breaks a rule (locked field, bounds, unknown reference)',
};

/** `{ summary, description }` plus the standard error answers. */
export function ApiEndpoint(summary: string, description: string, errors: number[] = [400, 401, 403, 404]) {
  return applyDecorators(
    ApiOperation({ summary, description }),
    ...errors.map((status) => ApiResponse({ status, description: ERROR_TEXT[status] ?? 'Error' })),
  );
}

/** A JSON body with named examples (the first is the default). */
export function ApiJsonBody(description: string, examples: Record<string, unknown>) {
  return ApiBody({
    description,
    schema: { type: 'object' },
    examples: Object.fromEntries(Object.entries(examples).map(([name, value]) => [name, { summary: name, value }])),
  });
}

/** A success answer with an example body. */
export function ApiAnswer(status: number, description: string, example?: unknown) {
  return ApiResponse({ status, description, ...(example !== undefined ? { schema: { type: 'object', example } } : {}) });
}

/** A success answer with named example bodies (the first is the default), for answers of more than one shape. */
export function ApiAnswerExamples(status: number, description: string, examples: Record<string, unknown>) {
  return ApiResponse({
    status,
    description,
    content: {
      'application/json': {
        schema: { type: 'object' },
        examples: Object.fromEntries(Object.entries(examples).map(([name, value]) => [name, { summary: name, value }])),
      },
    },
  });
}

/** `:workspaceId` and optionally `:id`. */
export function ApiWorkspacePath(idName?: string) {
  const params = [ApiParam({ name: 'workspaceId', format: 'uuid', description: 'The workspace' })];
  if (idName) params.push(ApiParam({ name: 'id', format: 'uuid', description: `The ${idName}` }));
  return applyDecorators(...params);
}

/** `?limit&offset&q` plus the given filters. */
export function ApiListQuery(filters: Record<string, string>) {
  return applyDecorators(
    ApiQuery({ name: 'limit', required: false, type: Number, description: '1..200, default 50' }),
    ApiQuery({ name: 'offset', required: false, type: Number, description: '>= 0, default 0' }),
    ApiQuery({ name: 'q', required: false, type: String, description: 'Case-insensitive text search' }),
    ...Object.entries(filters).map(([name, description]) => ApiQuery({ name, required: false, type: String, description })),
  );
}
