import { z, type ZodTypeAny } from 'zod';

/** An OpenAPI 3 schema object (the subset we produce). */
export interface OpenApiSchema {
  type?: 'object' | 'string' | 'number' | 'integer' | 'boolean' | 'array';
  properties?: Record<string, OpenApiSchema>;
  required?: string[];
  additionalProperties?: boolean | OpenApiSchema;
  items?: OpenApiSchema;
  enum?: unknown[];
  oneOf?: OpenApiSchema[];
  nullable?: boolean;
  default?: unknown;
  format?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  description?: string;
}

/**
 * Describes a zod (v3) schema as an OpenAPI schema, so the docs show exactly what the API validates. Pure; covers
 * the constructs this service uses (objects, scalars, enums, arrays, records, unions, optional/nullable/default,
 * refinements and transforms are described by their input).
 */
export function zodToOpenApi(schema: ZodTypeAny): OpenApiSchema {
  const def = schema._def as { typeName?: string; description?: string };
  const out = convert(schema);
  if (def.description && !out.description) out.description = def.description;
  return out;
}

function convert(schema: ZodTypeAny): OpenApiSchema {
  if (schema instanceof z.ZodObject) {
    const shape = schema.shape as Record<string, ZodTypeAny>;
    const properties: Record<string, OpenApiSchema> = {};
    const required: string[] = [];
    for (const [key, value] of Object.entries(shape)) {
      properties[key] = zodToOpenApi(value);
      if (!value.isOptional()) required.push(key);
    }
    const unknownKeys = (schema._def as { unknownKeys?: string }).unknownKeys;
    return { type: 'object', properties, ...(required.length ? { required } : {}), additionalProperties: unknownKeys === 'passthrough' };
  }
  if (schema instanceof z.ZodString) {
    const out: OpenApiSchema = { type: 'string' };
    for (const check of schema._def.checks) {
      if (check.kind === 'min') out.minLength = check.value;
      else if (check.kind === 'max') out.maxLength = check.value;
      else if (check.kind === 'uuid' || check.kind === 'email' || check.kind === 'datetime' || check.kind === 'url') {
        out.format = check.kind === 'datetime' ? 'date-time' : check.kind;
      }
    }
    return out;
  }
  if (schema instanceof z.ZodNumber) {
    const out: OpenApiSchema = { type: schema.isInt ? 'integer' : 'number' };
    for (const check of schema._def.checks) {
      if (check.kind === 'min') out.minimum = check.value;
      else if (check.kind === 'max') out.maximum = check.value;
    }
    return out;
  }
  if (schema instanceof z.ZodBoolean) return { type: 'boolean' };
  if (schema instanceof z.ZodDate) return { type: 'string', format: 'date-time' };
  if (schema instanceof z.ZodEnum) return { type: 'string', enum: [...(schema.options as string[])] };
  if (schema instanceof z.ZodLiteral) return { enum: [schema.value] };
  if (schema instanceof z.ZodArray) return { type: 'array', items: zodToOpenApi(schema.element as ZodTypeAny) };
  if (schema instanceof z.ZodRecord) return { type: 'object', additionalProperties: zodToOpenApi(schema.valueSchema as ZodTypeAny) };
  if (schema instanceof z.ZodUnion) return { oneOf: (schema.options as ZodTypeAny[]).map(zodToOpenApi) };
  if (schema instanceof z.ZodOptional) return zodToOpenApi(schema.unwrap() as ZodTypeAny);
  if (schema instanceof z.ZodNullable) return { ...zodToOpenApi(schema.unwrap() as ZodTypeAny), nullable: true };
  if (schema instanceof z.ZodDefault) {
    return { ...zodToOpenApi(schema.removeDefault() as ZodTypeAny), default: (schema._def.defaultValue as () => unknown)() };
  }
  if (schema instanceof z.ZodEffects) return zodToOpenApi(schema.innerType() as ZodTypeAny);
  if (schema instanceof z.ZodPipeline) return zodToOpenApi(schema._def.in as ZodTypeAny);
  if (schema instanceof z.ZodLazy) return zodToOpenApi(schema.schema as ZodTypeAny);
  return {};
}
