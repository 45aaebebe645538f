import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { zodToOpenApi } from './zod-openapi';

describe('zodToOpenApi', () => {
  it('describes objects with required fields, enums, defaults and nullables', () => {
    const schema = z
      .object({
        name: z.string().min(1).max(10),
        role: z.enum(['admin', 'member']),
        limit: z.number().int().min(1).nullable().optional(),
        tags: z.array(z.string()).default([]),
        at: z.string().datetime().transform((v) => new Date(v)),
      })
      .strict();
    assert.deepEqual(zodToOpenApi(schema), {
      type: 'object',
      properties: {
        name: { type: 'string', minLength: 1, maxLength: 10 },
        role: { type: 'string', enum: ['admin', 'member'] },
        limit: { type: 'integer', minimum: 1, nullable: true },
        tags: { type: 'array', items: { type: 'string' }, default: [] },
        at: { type: 'string', format: 'date-time' },
      },
      required: ['name', 'role', 'at'],
      additionalProperties: false,
    });
  });
});
