import { z } from 'zod';
import { httpUrlSchema, slugSchema } from '../../common/validation';

// Request bodies of the deployment endpoints (zod, strict: unknown fields are 400 naming the field).

const int = (min: number, max: number) =>
  z.number().int('must be an integer').min(min, `must be between ${min} and ${max}`).max(max, `must be between ${min} and ${max}`);
const percent = () => z.number().min(1, 'must be between 1 and 100').max(100, 'must be between 1 and 100');
const text = (max: number) => z.string().max(max, `must be at most ${max} characters`);

export const descriptionSchema = text(4000);
export const environmentSchema = z.enum(['development', 'staging', 'production']);
export const modelIdSchema = slugSchema;
export const modelVersionSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(128, 'must be at most 128 characters')
  .regex(/^[^\u0000-\u001f\s]+$/, 'must not contain spaces or control characters');

export const resourcesSchema = z
  .object({
    cpuCores: z.number().positive('must be > 0').max(1024, 'must be at most 1024'),
    memoryGb: z.number().positive('must be > 0').max(65536, 'must be at most 65536'),
    gpuCount: int(0, 64).default(0),
    gpuType: text(64).min(1, 'must not be empty').nullable().default(null),
    storageGb: z.number().min(0, 'must be >= 0').max(1_000_000).default(0),
    bandwidthMbps: z.number().min(0, 'must be >= 0').max(1_000_000).default(0),
  })
  .strict();

export const autoscalingSchema = z
  .object({
    enabled: z.boolean().default(false),
    targetCpuPercent: percent().nullable().default(null),
    targetMemoryPercent: percent().nullable().default(null),
    targetGpuPercent: percent().nullable().default(null),
    targetQueueDepth: z.number().positive('must be > 0').max(100_000).nullable().default(null),
    scaleUpCooldownSeconds: int(0, 86_400).default(60),
    scaleDownCooldownSeconds: int(0, 86_400).default(300),
  })
  .strict();

export const loadBalancingStrategySchema = z.enum(['round-robin', 'weighted-round-robin', 'least-connections', 'ip-hash', 'sticky', 'failover']);

/** The API's load balancer: the contract's LoadBalancerConfig plus the deployment's priority among route targets. */
export const loadBalancerSchema = z
  .object({
    strategy: loadBalancingStrategySchema.default('round-robin'),
    stickySessions: z.boolean().default(false),
    sessionHeader: z
      .string()
      .regex(/^[A-Za-z0-9-]{1,64}$/, 'must be an HTTP header name')
      .nullable()
      .default(null),
    priority: int(1, 1000).default(1),
  })
  .strict();

export const healthCheckSchema = z
  .object({
    path: z.string().max(256, 'must be at most 256 characters').regex(/^\/[^\s\u0000-\u001f]*$/, 'must be a path starting with "/"').default('/health'),
    intervalSeconds: int(1, 3600).default(30),
    timeoutSeconds: int(1, 300).default(5),
    failureThreshold: int(1, 100).default(3),
    successThreshold: int(1, 100).default(1),
  })
  .strict();

const ms = (max: number) => int(0, max);
export const rollingParamsSchema = z
  .object({ maxSurge: int(0, 100), maxUnavailable: int(0, 100), readyTimeoutMs: ms(3_600_000) })
  .partial()
  .strict();
export const blueGreenParamsSchema = z.object({ readyTimeoutMs: ms(3_600_000), rollbackWindowMs: ms(86_400_000) }).partial().strict();
export const canaryParamsSchema = z
  .object({
    steps: z
      .array(int(1, 100))
      .min(1, 'must have at least one step')
      .max(20, 'must have at most 20 steps')
      .refine((s) => s.every((v, i) => i === 0 || v > s[i - 1]), 'must be ascending')
      .refine((s) => s[s.length - 1] === 100, 'must end at 100'),
    bakeMs: ms(86_400_000),
    maxErrorRateIncrease: z.number().min(0).max(1, 'must be between 0 and 1'),
    maxP95Ratio: z.number().min(1, 'must be >= 1').max(100),
    minRequests: int(0, 1_000_000),
    readyTimeoutMs: ms(3_600_000),
  })
  .partial()
  .strict();

/** Strategy plus its parameters (the scheduler's RolloutParams fields; unset = the scheduler's default). */
export const updateStrategySchema = z.discriminatedUnion('strategy', [
  z.object({ strategy: z.literal('rolling'), parameters: rollingParamsSchema.default({}) }).strict(),
  z.object({ strategy: z.literal('blue-green'), parameters: blueGreenParamsSchema.default({}) }).strict(),
  z.object({ strategy: z.literal('canary'), parameters: canaryParamsSchema.default({}) }).strict(),
]);

type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
const jsonValueSchema: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([z.string().max(4096), z.number(), z.boolean(), z.null(), z.array(jsonValueSchema).max(256), z.record(jsonValueSchema)]),
);
/** Setting names that hold secrets (camelCase): authToken, apiKey, password… (maxTokens is fine). */
const SECRET_SETTING = /(secret|password|passwd|api[-_]?key|credentials?|token)$/i;
/** Environment variable names that hold secrets: HF_TOKEN, AWS_SECRET_ACCESS_KEY… (MAX_NUM_BATCHED_TOKENS is fine). */
const SECRET_ENV = /(^|_)(SECRET|PASSWORD|PASSWD|TOKEN|API_?KEY|CREDENTIALS?)($|_)/i;

export const runtimeSchema = z
  .object({
    driver: z.enum(['static', 'process', 'kubernetes']).default('static'),
    settings: z
      .record(jsonValueSchema)
      .default({})
      .refine((s) => JSON.stringify(s).length <= 16_384, 'must be at most 16 KB of JSON')
      .refine((s) => !Object.keys(s).some((k) => SECRET_SETTING.test(k)), 'must not hold secrets (keys like token, password, apiKey)'),
  })
  .strict();

export const envSchema = z
  .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, 'names must be letters, digits and "_"'), text(4096))
  .refine((e) => Object.keys(e).length <= 200, 'must have at most 200 variables')
  .refine(
    (e) => !Object.keys(e).some((k) => SECRET_ENV.test(k)),
    'must not hold secrets (names like *_TOKEN, *_PASSWORD, *_API_KEY): they would be stored and shown in clear',
  );

export const endpointSchema = z
  .object({
    url: httpUrlSchema,
    weight: int(0, 10_000).default(100),
    priority: z.enum(['primary', 'backup']).default('primary'),
    enabled: z.boolean().default(true),
  })
  .strict();
export const endpointsSchema = z.array(endpointSchema).max(64, 'must have at most 64 endpoints');

export const createDeploymentSchema = z
  .object({
    name: slugSchema,
    description: descriptionSchema.default(''),
    modelId: modelIdSchema,
    modelVersion: modelVersionSchema,
    environment: environmentSchema.default('development'),
    resources: resourcesSchema,
    minReplicas: int(0, 1000),
    maxReplicas: int(1, 1000),
    replicas: int(0, 1000).optional(),
    autoscaling: autoscalingSchema.default({}),
    loadBalancer: loadBalancerSchema.default({}),
    healthCheck: healthCheckSchema.default({}),
    updateStrategy: updateStrategySchema.default({ strategy: 'rolling', parameters: {} }),
    runtime: runtimeSchema.default({}),
    env: envSchema.default({}),
    endpoints: endpointsSchema.default([]),
    /** Create a route of the same name (default true). */
    createRoute: z.boolean().default(true),
  })
  .strict();
export type CreateDeploymentInput = z.infer<typeof createDeploymentSchema>;

/** PATCH: every editable field optional; objects are merged field by field. Locked fields are accepted here so the
 * rules can answer 422 with a hint instead of "unknown field". */
export const updateDeploymentSchema = z
  .object({
    name: z.unknown(),
    modelId: z.unknown(),
    modelVersion: z.unknown(),
    replicas: z.unknown(),
    description: descriptionSchema,
    environment: environmentSchema,
    resources: resourcesSchema.partial().strict(),
    minReplicas: int(0, 1000),
    maxReplicas: int(1, 1000),
    autoscaling: autoscalingSchema.partial().strict(),
    loadBalancer: loadBalancerSchema.partial().strict(),
    healthCheck: healthCheckSchema.partial().strict(),
    updateStrategy: updateStrategySchema,
    runtime: runtimeSchema.partial().strict(),
    env: envSchema,
    endpoints: endpointsSchema,
  })
  .partial()
  .strict();
export type UpdateDeploymentInput = z.infer<typeof updateDeploymentSchema>;

export const scaleSchema = z.object({ replicas: int(0, 1000) }).strict();
export const stopSchema = z.object({ reason: text(500).default('') }).strict();
export const startSchema = z.object({}).strict();

export const updateModelSchema = z
  .object({
    modelId: modelIdSchema.optional(),
    modelVersion: modelVersionSchema,
    strategy: z.enum(['rolling', 'blue-green', 'canary']).default('rolling'),
    parameters: z.record(z.unknown()).default({}),
  })
  .strict()
  .transform((v, ctx) => {
    const parsed = updateStrategySchema.safeParse({ strategy: v.strategy, parameters: v.parameters });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) ctx.addIssue(issue);
      return z.NEVER;
    }
    return { modelId: v.modelId, modelVersion: v.modelVersion, updateStrategy: parsed.data };
  });

export const changeEndpointSchema = z
  .object({
    from: httpUrlSchema,
    to: httpUrlSchema,
    weight: int(0, 10_000).optional(),
    priority: z.enum(['primary', 'backup']).optional(),
  })
  .strict();

export const deploymentListFilters = {
  environment: environmentSchema.optional(),
  status: z.enum(['pending', 'deploying', 'running', 'updating', 'stopping', 'stopped', 'failed', 'deleting']).optional(),
  modelId: z.string().max(128).optional(),
  driver: z.enum(['static', 'process', 'kubernetes']).optional(),
};
